"""Glance v2 image handlers: parse, check Glance's rules, call the store, serialise.

Glance's request deserializer runs before its controller, so a malformed body or wrong media type is refused
(400/403/415) before the image is even looked up (404). An image the caller may not see is 404, never 403; one it
may see but not change (someone else's public image) is 403.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from lxdstack.cloud.core.auth import Caller, caller
from lxdstack.cloud.core.errors import NotFound
from lxdstack.cloud.core.http import base_url, json_body, json_response, no_content
from lxdstack.cloud.core.state import CloudState
from lxdstack.cloud.image import errors, patch, schema, views
from lxdstack.cloud.image.listing import listing
from lxdstack.cloud.image.models import Image, mutable_by, visible_to


def _no_content() -> Response:
    """Glance's body-less answers keep webob.Response's default Content-Type (glance/common/wsgi.py Resource)."""
    return no_content({"Content-Type": "text/html; charset=UTF-8"})


def _project(who: Caller) -> str | None:
    return who.token.project_id


def _image(cloud: CloudState, who: Caller, image_id: str, missing: NotFound) -> Image:
    """The image if the caller may see it; `missing` otherwise (Glance hides what it does not show)."""
    image = cloud.images.get(image_id)
    if image is None or not visible_to(image, _project(who), who.is_admin):
        raise missing
    return image


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def create_image(request: Request, cloud: CloudState) -> Response:
    who = caller(request, cloud)
    body = await json_body(request)
    for key in schema.DISALLOWED:
        if key in body:
            raise errors.read_only(key)
    schema.validate(body)
    for key in schema.READ_ONLY_ON_CREATE:
        if key in body:
            raise errors.read_only(key)
    attrs = {key: body.pop(key) for key in schema.BASE if key in body}
    for key in schema.RESERVED:
        if key in body:
            raise errors.reserved(key)
    tags = attrs.pop("tags", [])
    owner = attrs.pop("owner", _project(who))
    if not who.is_admin and (owner is None or owner != _project(who)):
        raise errors.not_permitted_owner(owner)
    if attrs.get("visibility") == "public" and not who.is_admin:
        raise errors.not_authorized("publicize_image")
    image = cloud.images.create(attrs, body, tags, owner)
    location = f"{base_url(request)}/image{views.href(image)}"
    return json_response(views.image(image), status=201, headers={"Location": location})


async def list_images(request: Request, cloud: CloudState) -> Response:
    who = caller(request, cloud)
    page, first, next_link = listing(cloud.images.all(), request.query_params, _project(who), who.is_admin)
    return json_response(views.images(page, first, next_link))


async def get_image(request: Request, cloud: CloudState) -> Response:
    image_id = request.path_params["image_id"]
    image = _image(cloud, caller(request, cloud), image_id, errors.not_found(image_id))
    return json_response(views.image(image))


async def update_image(request: Request, cloud: CloudState) -> Response:
    who = caller(request, cloud)
    media_type = _media_type(request)
    if media_type not in (patch.V21, patch.V20):
        raise errors.patch_content_type()
    try:
        body: Any = await request.json()
    except ValueError:
        raise errors.bad_request("Malformed JSON in request body.") from None
    changes = patch.parse(body, media_type)
    image_id = request.path_params["image_id"]
    image = _image(cloud, who, image_id, errors.not_found_to_update(image_id))
    patch.apply(image, changes, mutable=mutable_by(image, _project(who), who.is_admin), is_admin=who.is_admin)
    if changes:
        cloud.images.touch(image)
    return json_response(views.image(image))


async def delete_image(request: Request, cloud: CloudState) -> Response:
    who = caller(request, cloud)
    image_id = request.path_params["image_id"]
    image = _image(cloud, who, image_id, errors.not_found_to_delete(image_id))
    if not mutable_by(image, _project(who), who.is_admin):
        raise errors.not_permitted_to_delete()
    if image.protected:
        raise errors.protected(image.id)
    cloud.images.delete(image)
    return _no_content()


async def upload_image_data(request: Request, cloud: CloudState) -> Response:
    who = caller(request, cloud)
    media_type = _media_type(request)
    if media_type != "application/octet-stream":
        raise errors.content_type(media_type or "None")
    image_id = request.path_params["image_id"]
    image = _image(cloud, who, image_id, errors.not_found(image_id))
    if not mutable_by(image, _project(who), who.is_admin):
        raise errors.not_permitted_to_upload()
    cloud.images.begin_upload(image)
    try:
        # Glance shows `saving` while the data streams in; a client that goes away leaves the image queued.
        data = await request.body()
    except BaseException:
        cloud.images.abort_upload(image)
        raise
    cloud.images.finish_upload(image, data)
    return _no_content()


async def download_image_data(request: Request, cloud: CloudState) -> Response:
    image_id = request.path_params["image_id"]
    image = _image(cloud, caller(request, cloud), image_id, errors.not_found(image_id))
    if not image.has_data:
        return _no_content()  # Glance's answer for an image without data (ImageDataNotFound)
    headers = {"Content-MD5": image.checksum or "", "Content-Length": str(image.size or 0)}
    return StreamingResponse(image.chunks(), media_type="application/octet-stream", headers=headers)
