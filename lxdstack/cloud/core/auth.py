"""Who is calling: the token in `X-Auth-Token`, checked as keystonemiddleware (or Keystone itself) would.

Every service shares this: a missing, unknown, expired or revoked token is a 401 whichever service is asked, and
the admin rule is Newton's `admin_required` (the admin role on the token's scope).
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from lxdstack.cloud.core.errors import AUTH_REQUIRED, Forbidden, NotFound, Unauthorized
from lxdstack.cloud.core.state import CloudState
from lxdstack.cloud.identity.tokens import Token


@dataclass(frozen=True)
class Caller:
    """A request's valid token, with what the policy rules ask of it."""

    token: Token
    is_admin: bool

    @property
    def user_id(self) -> str:
        return self.token.user_id


def caller(request: Request, cloud: CloudState) -> Caller:
    """The caller behind `X-Auth-Token`; `Unauthorized` when there is no valid token."""
    token_id = request.headers.get("x-auth-token")
    if not token_id:
        raise Unauthorized(AUTH_REQUIRED)
    try:
        token = cloud.identity.tokens.validate(token_id)
    except NotFound:
        raise Unauthorized(AUTH_REQUIRED) from None
    return Caller(token=token, is_admin=cloud.identity.is_admin(token))


def forbidden(action: str) -> Forbidden:
    """Keystone's (and oslo.policy's) refusal naming the policy action."""
    return Forbidden(f"You are not authorized to perform the requested action: {action}.")


def require_admin(who: Caller, action: str) -> None:
    """Raise `forbidden(action)` unless the caller holds the admin role on its scope."""
    if not who.is_admin:
        raise forbidden(action)
