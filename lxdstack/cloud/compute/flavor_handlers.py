"""Nova flavors, flavor-manage and flavor extra specs (Newton's flavors.py, flavor_manage.py,
flavors_extraspecs.py).

As in Nova, a body is validated before the policy is checked (the schema decorator runs first), so a member's
malformed create is a 400 and a well-formed one a 403.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from lxdstack.cloud.compute import errors, validation, views
from lxdstack.cloud.compute.api import Context, endpoint
from lxdstack.cloud.compute.common import paginate, require_admin
from lxdstack.cloud.compute.flavors import Flavor
from lxdstack.cloud.core.errors import BadRequest
from lxdstack.cloud.core.http import json_body, json_response
from lxdstack.cloud.core.state import CloudState

_FLAVOR_ID = re.compile(r"^(?! )[a-zA-Z0-9. _-]+(?<! )$")
_SPEC_KEY = re.compile(r"^[a-zA-Z0-9-_:. ]{1,255}$")
_CREATE_KEYS = ("name", "id", "ram", "vcpus", "disk", "OS-FLV-EXT-DATA:ephemeral", "swap", "rxtx_factor",
                "os-flavor-access:is_public")
_TRUTHY = ("true", "1", "on", "yes", "t", "y")
_FALSY = ("false", "0", "off", "no", "f", "n")


def _is_public(request: Request, ctx: Context) -> bool | None:
    """flavors.py _parse_is_public: absent → public only; `none` (any case) → all; else a strict boolean."""
    value = request.query_params.get("is_public")
    if value is None:
        return True
    if value.lower() == "none":
        return None
    if value.lower() in _TRUTHY or value.lower() in _FALSY:
        return value.lower() in _TRUTHY
    raise BadRequest(f"Invalid is_public filter [{value}]")


def _minimum(request: Request, name: str) -> int:
    value = request.query_params.get(name, "0")
    try:
        return int(value)
    except ValueError:
        raise BadRequest(f"Invalid {name} filter [{value}]") from None


def _listing(request: Request, cloud: CloudState, ctx: Context, path: str) -> tuple[list[Flavor], list[dict]]:
    flavors = cloud.compute.flavors.listing(_is_public(request, ctx), ctx.project_id, ctx.is_admin,
                                            _minimum(request, "minRam"), _minimum(request, "minDisk"))
    return paginate(request, ctx, flavors, lambda f: f.flavorid, path)


async def _list(request: Request, cloud: CloudState, ctx: Context) -> Response:
    flavors, links = _listing(request, cloud, ctx, "flavors")
    body: dict[str, Any] = {"flavors": [views.flavor_brief(f, ctx) for f in flavors]}
    if links:
        body["flavors_links"] = links
    return json_response(body)


async def _list_detail(request: Request, cloud: CloudState, ctx: Context) -> Response:
    flavors, links = _listing(request, cloud, ctx, "flavors/detail")
    body: dict[str, Any] = {"flavors": [views.flavor(f, ctx) for f in flavors]}
    if links:
        body["flavors_links"] = links
    return json_response(body)


async def _show(request: Request, cloud: CloudState, ctx: Context) -> Response:
    flavor = cloud.compute.flavors.get(request.path_params["flavor_id"], ctx.project_id, ctx.is_admin)
    return json_response({"flavor": views.flavor(flavor, ctx)})


def _flavor_id(value: Any) -> str:
    if value is None:
        return ""  # Nova's `auto`: a new UUID
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise errors.invalid("id", value, f"{value!r} is not of type 'string', 'number', 'null'")
    if isinstance(value, str) and not (len(value) <= 255 and _FLAVOR_ID.match(value)):
        raise errors.invalid("id", value, f"{value!r} does not match '{_FLAVOR_ID.pattern}'")
    return str(value)


def _rxtx(value: Any) -> float:
    try:
        factor = float(value) if not isinstance(value, bool) else -1.0
    except (TypeError, ValueError):
        factor = -1.0
    if factor <= 0:
        raise errors.invalid("rxtx_factor", value, f"{value!r} is not a positive number")
    return factor


async def _create(request: Request, cloud: CloudState, ctx: Context) -> Response:
    body = await json_body(request)
    validation.only(body, None, ("flavor",))
    attrs = validation.member(body, "flavor")
    # `description` only exists from 2.55, after Newton: here it is one more unexpected property
    validation.only(attrs, "flavor", _CREATE_KEYS)
    validation.required(attrs, "flavor", ("name", "ram", "vcpus", "disk"))
    flavor = Flavor(
        flavorid=_flavor_id(attrs.get("id")),
        name=validation.name(attrs["name"]),
        ram=validation.integer(attrs["ram"], "ram", 1),
        vcpus=validation.integer(attrs["vcpus"], "vcpus", 1),
        disk=validation.integer(attrs["disk"], "disk", 0),
        ephemeral=validation.integer(attrs.get("OS-FLV-EXT-DATA:ephemeral", 0), "OS-FLV-EXT-DATA:ephemeral", 0),
        swap=validation.integer(attrs.get("swap", 0), "swap", 0),
        rxtx_factor=_rxtx(attrs.get("rxtx_factor", 1.0)),
        is_public=validation.boolean(attrs.get("os-flavor-access:is_public", True), "os-flavor-access:is_public"),
    )
    require_admin(ctx, "os_compute_api:os-flavor-manage")
    cloud.compute.flavors.create(flavor)
    return json_response({"flavor": views.flavor(flavor, ctx)})


async def _delete(request: Request, cloud: CloudState, ctx: Context) -> Response:
    require_admin(ctx, "os_compute_api:os-flavor-manage")
    cloud.compute.flavors.delete(request.path_params["flavor_id"])
    return Response(status_code=202)


# -- extra specs ----------------------------------------------------------------------------------------------
def _specs(value: Any, field: str) -> dict[str, str]:
    """parameter_types.flavor_extra_specs; numbers (and booleans) become strings as Nova stores them."""
    if not isinstance(value, dict):
        raise errors.invalid(field, value, f"{value!r} is not of type 'object'")
    specs = {}
    for key, item in value.items():
        if not _SPEC_KEY.match(key):
            raise errors.invalid(field, value, f"Additional properties are not allowed ({key!r} was unexpected)")
        if not isinstance(item, (str, int, float)):
            raise errors.invalid(key, item, f"{item!r} is not of type 'string', 'number', 'boolean'")
        specs[key] = validation.string(str(item), key)
    return specs


def _flavor(request: Request, cloud: CloudState, ctx: Context) -> Flavor:
    return cloud.compute.flavors.get(request.path_params["flavor_id"], ctx.project_id, ctx.is_admin)


async def _list_specs(request: Request, cloud: CloudState, ctx: Context) -> Response:
    return json_response({"extra_specs": dict(_flavor(request, cloud, ctx).extra_specs)})


async def _create_specs(request: Request, cloud: CloudState, ctx: Context) -> Response:
    body = await json_body(request)
    validation.only(body, None, ("extra_specs",))
    validation.required(body, None, ("extra_specs",))
    specs = _specs(body["extra_specs"], "extra_specs")
    require_admin(ctx, "os_compute_api:os-flavor-extra-specs:create")
    _flavor(request, cloud, ctx).extra_specs.update(specs)
    return json_response({"extra_specs": specs})


async def _show_spec(request: Request, cloud: CloudState, ctx: Context) -> Response:
    key = request.path_params["key"]
    return json_response({key: cloud.compute.flavors.spec(_flavor(request, cloud, ctx), key)})


async def _update_spec(request: Request, cloud: CloudState, ctx: Context) -> Response:
    key = request.path_params["key"]
    body = await json_body(request)
    if len(body) != 1:
        raise BadRequest(f"{body!r} has {'too many' if body else 'too few'} properties")
    specs = _specs(body, "body")
    if key not in specs:
        raise BadRequest("Request body and URI mismatch")
    require_admin(ctx, "os_compute_api:os-flavor-extra-specs:update")
    _flavor(request, cloud, ctx).extra_specs.update(specs)
    return json_response(specs)


async def _delete_spec(request: Request, cloud: CloudState, ctx: Context) -> Response:
    require_admin(ctx, "os_compute_api:os-flavor-extra-specs:delete")
    cloud.compute.flavors.unset_spec(_flavor(request, cloud, ctx), request.path_params["key"])
    return Response(status_code=200)  # Newton answers this delete 200, with no body


list_flavors = endpoint(_list)
list_flavors_detail = endpoint(_list_detail)
get_flavor = endpoint(_show)
create_flavor = endpoint(_create)
delete_flavor = endpoint(_delete)
list_extra_specs = endpoint(_list_specs)
create_extra_specs = endpoint(_create_specs)
get_extra_spec = endpoint(_show_spec)
update_extra_spec = endpoint(_update_spec)
delete_extra_spec = endpoint(_delete_spec)
