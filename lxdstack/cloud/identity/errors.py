"""Keystone's wording of its errors (Newton `keystone/exception.py`), as domain errors.

Clients and tests match these texts, so they are spelled once, here.
"""

from __future__ import annotations

from lxdstack.cloud.core.errors import AUTH_REQUIRED, BadRequest, Conflict, NotFound, Unauthorized


def not_found(kind: str, ident: str) -> NotFound:
    """`Could not find user: <id>.` and its siblings for project, role, domain, service, endpoint, region."""
    return NotFound(f"Could not find {kind}: {ident}.")


def token_not_found(token_id: str) -> NotFound:
    return NotFound(f"Could not find token: {token_id}.")


def fernet_not_recognized(token_id: str) -> NotFound:
    return NotFound(f"This is not a recognized Fernet token {token_id}")


def token_invalid() -> NotFound:
    """An expired or revoked token: Keystone raises `TokenNotFound` with this message instead of the id."""
    return NotFound("Failed to validate token")


def assignment_not_found(role_id: str, user_id: str, target_id: str) -> NotFound:
    return NotFound(
        f"Could not find role assignment with role: {role_id}, user or group: {user_id}, "
        f"project or domain: {target_id}."
    )


def auth_required() -> Unauthorized:
    return Unauthorized(AUTH_REQUIRED)


def no_access(user_id: str, kind: str, target_id: str) -> Unauthorized:
    return Unauthorized(f"User {user_id} has no access to {kind} {target_id}")


def duplicate(kind: str, name: str, domain_id: str) -> Conflict:
    return Conflict(
        f"Conflict occurred attempting to store {kind} - Duplicate entry found with name {name} "
        f"at domain ID {domain_id}."
    )


def validation(attribute: str, target: str) -> BadRequest:
    return BadRequest(
        f"Expecting to find {attribute} in {target} - the server could not comply with the request since it is "
        "either malformed or otherwise incorrect. The client is assumed to be in error."
    )
