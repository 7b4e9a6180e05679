"""Cinder Newton's wording of its errors, as domain errors (cinder/exception.py @ newton-eol and the controllers).

How Cinder words a failure depends on where it is caught. `Invalid` and `NotFound` exceptions raised under a
controller become their own text (`ResourceExceptionHandler`); a `QuotaError` escapes to the `FaultWrapper`
middleware, which prefixes the exception's class name (`VolumeSizeExceedsAvailableQuota: ...`) and keeps its
`Retry-After: 0` header, which the fault body repeats as `retryAfter`. A method a microversion does not reach is
webob's bare 404. Clients and tests match these texts, so they are spelled once, here.
"""

from __future__ import annotations

from lxdstack.cloud.core.errors import BadRequest, Forbidden, InternalError, NotFound, NotImplementedRoute, OverLimit

_RETRY = {"Retry-After": "0"}  # cinder/exception.py QuotaError.headers


def gap(what: str) -> NotImplementedRoute:
    """Something Cinder does that the embedded cloud does not emulate: a 501 naming it."""
    return NotImplementedRoute(f"The embedded cloud does not implement {what}")


def bare_bad_request() -> BadRequest:
    """webob's HTTPBadRequest explanation: what Cinder shows for an exception it does not call safe (a TypeError in
    a controller, VersionNotFoundForAPIMethod reaching the FaultWrapper)."""
    return BadRequest("The server could not comply with the request since it is either malformed or otherwise "
                      "incorrect.")


def hidden_crash() -> InternalError:
    """webob's HTTPInternalServerError explanation: Cinder's own crash, as the FaultWrapper shows it."""
    return InternalError("The server has either erred or is incapable of performing the requested operation.")


def no_such_method() -> NotFound:
    """wsgi.Resource.dispatch: VersionNotFoundForAPIMethod answers webob's HTTPNotFound, saying nothing more."""
    return NotFound("The resource could not be found.")


def malformed_url() -> BadRequest:
    """The project id in the URL is not the token's (wsgi.Resource._process_stack)."""
    return BadRequest("Malformed request url")


def missing_element(name: str) -> BadRequest:
    return BadRequest(f"Missing required element '{name}' in request body.")


def invalid_input(reason: str) -> BadRequest:
    return BadRequest(f"Invalid input received: {reason}")


def invalid_volume(reason: str) -> BadRequest:
    return BadRequest(f"Invalid volume: {reason}")


def policy(action: str) -> Forbidden:
    return Forbidden(f"Policy doesn't allow {action} to be performed.")


def access_denied() -> Forbidden:
    """webob's HTTPForbidden without an explanation (os-quota-sets show of another project)."""
    return Forbidden("Access was denied to this resource.")


# -- not found ------------------------------------------------------------------------------------------------
def volume_not_found(volume_id: str) -> NotFound:
    return NotFound(f"Volume {volume_id} could not be found.")


def message_not_found(message_id: str) -> NotFound:
    return NotFound(f"Message {message_id} could not be found.")


def type_not_found(type_id: str) -> NotFound:
    return NotFound(f"Volume type {type_id} could not be found.")


def type_name_not_found(name: str) -> NotFound:
    return NotFound(f"Volume type with name {name} could not be found.")


def no_default_type() -> NotFound:
    return NotFound("Default volume type can not be found.")


def group_not_found(group_id: str) -> NotFound:
    return NotFound(f"Group {group_id} could not be found.")


def marker_not_found(marker: str) -> NotFound:
    return NotFound(f"Marker {marker} could not be found.")


# -- volumes ----------------------------------------------------------------------------------------------------
def bad_size(size: object) -> BadRequest:
    """volume/api.py create: a size that is set but not a positive integer (or integer string)."""
    return invalid_input(f"Invalid volume size provided for create request: {size} (size argument must be an "
                         "integer (or string representation of an integer) and greater than zero).")


def size_not_positive(size: object) -> BadRequest:
    """volume/flows/api/create_volume.py validate_int: no size, or zero."""
    return invalid_input(f"Volume size '{size}' must be an integer and greater than 0")


def bad_zone(zone: str) -> BadRequest:
    return invalid_input(f"Availability zone '{zone}' is invalid.")


def too_long(field: str, limit: int = 255) -> BadRequest:
    """validate_name_and_description through oslo's check_string_length."""
    return invalid_input(f"{field} has more than {limit} characters.")


def not_a_string(field: str) -> BadRequest:
    return invalid_input(f"{field} is not a string or unicode")


def bad_limit(reason: str) -> BadRequest:
    return invalid_input(reason)


def not_deletable() -> BadRequest:
    """volume/api.py delete: the conditional update's expectations, joined by utils.build_or_str."""
    return invalid_volume("Volume status must be available or error or error_restoring or error_extending and "
                          "must not be migrating, attached, belong to a group or have snapshots.")


def gigabytes_over_quota(requested: int, quota: int, consumed: int) -> OverLimit:
    return OverLimit(f"VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes "
                     f"quota. Requested {requested}G, quota is {quota}G and {consumed}G has been consumed.",
                     headers=_RETRY)


def volumes_over_quota(allowed: int) -> OverLimit:
    return OverLimit(f"VolumeLimitExceeded: Maximum number of volumes allowed ({allowed}) exceeded for quota "
                     "'volumes'.", headers=_RETRY)


def reserve_refused() -> BadRequest:
    """volume/api.py reserve_volume (os-reserve, what Nova calls before attaching)."""
    return invalid_volume("Volume status must be available to reserve.")


def detach_refused() -> BadRequest:
    """volume/api.py begin_detaching (os-begin_detaching, what Nova calls before detaching)."""
    return invalid_volume("Unable to detach volume. Volume status must be 'in-use' and attach_status must be "
                          "'attached' to detach.")
