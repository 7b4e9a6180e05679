"""Nova keypairs (Newton's keypairs.py): per user; `type` from 2.2; another user's keypairs for admins from 2.10.

Status codes changed at 2.2: create 200 → 201, delete 202 → 204.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from lxdstack.cloud.compute import errors, validation, views
from lxdstack.cloud.compute.api import Context, endpoint
from lxdstack.cloud.core.http import json_body, json_response
from lxdstack.cloud.core.state import CloudState


def _user(ctx: Context, user_id: str | None, action: str) -> str:
    """The user whose keypairs are meant: the caller's, or (2.10, admins only) the one named."""
    if user_id is None or not ctx.since("2.10") or user_id == ctx.user_id:
        return ctx.user_id
    if not ctx.is_admin:
        raise errors.policy(f"os_compute_api:os-keypairs:{action}")
    return user_id


async def _list(request: Request, cloud: CloudState, ctx: Context) -> Response:
    user_id = _user(ctx, request.query_params.get("user_id"), "index")
    keypairs = cloud.compute.keypairs.of(user_id)
    return json_response({"keypairs": [{"keypair": views.keypair(k, ctx)} for k in keypairs]})


async def _show(request: Request, cloud: CloudState, ctx: Context) -> Response:
    user_id = _user(ctx, request.query_params.get("user_id"), "show")
    keypair = cloud.compute.keypairs.get(user_id, request.path_params["name"])
    return json_response({"keypair": views.keypair(keypair, ctx, detail=True)})


async def _create(request: Request, cloud: CloudState, ctx: Context) -> Response:
    body = await json_body(request)
    validation.only(body, None, ("keypair",))
    attrs = validation.member(body, "keypair")
    allowed = ["name", "public_key"] + (["type"] if ctx.since("2.2") else []) + (
        ["user_id"] if ctx.since("2.10") else [])
    validation.only(attrs, "keypair", allowed)
    validation.required(attrs, "keypair", ("name",))
    name = validation.name(attrs["name"])
    public_key: Any = attrs.get("public_key")
    if public_key is not None:
        public_key = validation.string(public_key, "public_key", max_length=65535)
    key_type = attrs.get("type", "ssh")
    if key_type not in ("ssh", "x509"):
        raise errors.invalid("type", key_type, f"{key_type!r} is not one of ['ssh', 'x509']")
    if key_type == "x509":
        raise errors.gap("x509 keypairs")
    user_id = _user(ctx, attrs.get("user_id"), "create")
    keypair, private_key = cloud.compute.keypairs.create(user_id, name, public_key, cloud.clock.now(), key_type)
    shown = {**views.keypair(keypair, ctx), "user_id": keypair.user_id}
    if private_key is not None:
        shown["private_key"] = private_key
    return json_response({"keypair": shown}, status=201 if ctx.since("2.2") else 200)


async def _delete(request: Request, cloud: CloudState, ctx: Context) -> Response:
    user_id = _user(ctx, request.query_params.get("user_id"), "delete")
    cloud.compute.keypairs.delete(user_id, request.path_params["name"])
    return Response(status_code=204 if ctx.since("2.2") else 202)


list_keypairs = endpoint(_list)
get_keypair = endpoint(_show)
create_keypair = endpoint(_create)
delete_keypair = endpoint(_delete)
