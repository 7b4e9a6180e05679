"""The few request-schema checks Nova's v2.1 API makes, with its wording (nova/api/validation, parameter_types).

Nova validates bodies with jsonschema and `additionalProperties: False`; its message names the last element of the
failing path, the offending value and jsonschema's complaint. A failure at the top of the body is jsonschema's
complaint alone. Values are shown with Python 3's repr (Newton ran on Python 2, which prefixed strings with u).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from lxdstack.cloud.compute.errors import invalid
from lxdstack.cloud.core.errors import BadRequest

_INVALID_NAME = ("An invalid 'name' value was provided. The name must be: printable characters. "
                 "Can not start or end with whitespace.")
# parameter_types.boolean: the values oslo's strutils accepts, nothing else
_TRUE = {True, "True", "TRUE", "true", "1", "ON", "On", "on", "YES", "Yes", "yes"}
_FALSE = {False, "False", "FALSE", "false", "0", "OFF", "Off", "off", "NO", "No", "no"}
_DIGITS = "^[0-9]*$"


def member(body: dict, key: str) -> dict:
    """`body[key]`, which must be an object (`{"flavor": {...}}`)."""
    if key not in body:
        raise BadRequest(f"'{key}' is a required property")
    value = body[key]
    if not isinstance(value, dict):
        raise invalid(key, value, f"{value!r} is not of type 'object'")
    return value


def _complaint(name: str | None, obj: Any, message: str) -> BadRequest:
    # at the top of the body (no path) Nova shows jsonschema's message alone
    return BadRequest(message) if name is None else invalid(name, obj, message)


def only(obj: dict, name: str | None, allowed: Iterable[str]) -> None:
    """`additionalProperties: False`; `name` None for the body itself."""
    extras = sorted(set(obj) - set(allowed))
    if extras:
        listed = ", ".join(repr(key) for key in extras)
        raise _complaint(name, obj, f"Additional properties are not allowed ({listed} "
                                    f"{'was' if len(extras) == 1 else 'were'} unexpected)")


def required(obj: dict, name: str | None, keys: Iterable[str]) -> None:
    for key in keys:
        if key not in obj:
            raise _complaint(name, obj, f"{key!r} is a required property")


def name(value: Any, field: str = "name") -> str:
    """parameter_types.name: a string of 1 to 255 printable characters, no leading or trailing whitespace."""
    if not isinstance(value, str):
        raise invalid(field, value, f"{value!r} is not of type 'string'")
    if not 1 <= len(value) <= 255:
        which = "is too short" if not value else "is too long"
        raise invalid(field, value, f"{value!r} {which}")
    if value != value.strip() or not value.isprintable():
        raise BadRequest(_INVALID_NAME)
    return value


def string(value: Any, field: str, max_length: int = 255) -> str:
    if not isinstance(value, str):
        raise invalid(field, value, f"{value!r} is not of type 'string'")
    if len(value) > max_length:
        raise invalid(field, value, f"{value!r} is too long")
    return value


def integer(value: Any, field: str, minimum: int) -> int:
    """parameter_types.flavor_param_*: an integer or a string of digits, then utils.validate_integer."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise invalid(field, value, f"{value!r} is not of type 'integer', 'string'")
    if isinstance(value, str):
        if not re.match(_DIGITS, value):
            raise invalid(field, value, f"{value!r} does not match '{_DIGITS}'")
        if not value:
            raise BadRequest(f"{field} must be an integer.")
        value = int(value)
    if value < minimum:
        raise invalid(field, value, f"{value} is less than the minimum of {minimum}")
    return value


def boolean(value: Any, field: str) -> bool:
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise invalid(field, value, f"{value!r} is not one of {sorted(map(str, _TRUE | _FALSE))}")


def metadata(value: Any, field: str = "metadata") -> dict[str, str]:
    """parameter_types.metadata: keys of 1-255 characters, string values of at most 255."""
    if not isinstance(value, dict):
        raise invalid(field, value, f"{value!r} is not of type 'object'")
    for key, item in value.items():
        if not 1 <= len(key) <= 255:
            raise invalid(field, value, f"Additional properties are not allowed ({key!r} was unexpected)")
        string(item, key)
    return dict(value)


def ref_id(value: Any, field: str) -> str:
    """An id or a link to it (`imageRef`, `flavorRef`): Nova keeps the last path segment of a URL."""
    if isinstance(value, bool) or not isinstance(value, (str, int)) or value == "":
        raise invalid(field, value, f"{value!r} is not of type 'string'")
    return str(value).rstrip("/").rsplit("/", 1)[-1]
