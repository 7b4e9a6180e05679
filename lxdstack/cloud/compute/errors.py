"""Nova Newton's wording of its errors (`nova/exception.py` msg_fmt, the controllers' own texts), as domain errors.

Clients and the suite match these texts, so they are spelled once, here. The status each one has in Nova's API
is the domain error's class (core/errors.py maps classes to statuses and to Nova's fault envelope).
"""

from __future__ import annotations

from typing import Any

from lxdstack.cloud.core.errors import BadRequest, Conflict, Forbidden, NotFound, NotImplementedRoute


def policy(action: str) -> Forbidden:
    """oslo.policy's refusal as Nova words it (PolicyNotAuthorized)."""
    return Forbidden(f"Policy doesn't allow {action} to be performed.")


def invalid(field: str, value: Any, message: str) -> BadRequest:
    """Nova's jsonschema failure: the last path element, the offending value, jsonschema's message."""
    return BadRequest(f"Invalid input for field/attribute {field}. Value: {value}. {message}")


def gap(what: str) -> NotImplementedRoute:
    """Something Nova does that the embedded cloud does not emulate: a 501 naming it, never a made-up answer."""
    return NotImplementedRoute(f"The embedded cloud does not implement {what}")


# -- flavors ------------------------------------------------------------------------------------------------
def flavor_not_found(flavor_id: str) -> NotFound:
    return NotFound(f"Flavor {flavor_id} could not be found.")


def flavor_name_exists(name: str) -> Conflict:
    return Conflict(f"Flavor with name {name} already exists.")


def flavor_id_exists(flavor_id: str) -> Conflict:
    return Conflict(f"Flavor with ID {flavor_id} already exists.")


def extra_spec_not_found(flavor_id: str, key: str) -> NotFound:
    return NotFound(f"Flavor {flavor_id} has no extra specs with key {key}.")


# -- keypairs -----------------------------------------------------------------------------------------------
def keypair_not_found(name: str, user_id: str) -> NotFound:
    return NotFound(f"Keypair {name} not found for user {user_id}")


def keypair_exists(name: str) -> Conflict:
    return Conflict(f"Key pair '{name}' already exists.")


def keypair_invalid(reason: str) -> BadRequest:
    return BadRequest(f"Keypair data is invalid: {reason}")


# -- servers ------------------------------------------------------------------------------------------------
def instance_not_found(instance_id: str) -> NotFound:
    return NotFound(f"Instance {instance_id} could not be found.")


def instance_not_ready(instance_id: str) -> Conflict:
    return Conflict(f"Instance {instance_id} is not ready")


def image_not_found(image_id: str) -> BadRequest:
    # The controller turns ImageNotFound into 400 at create time (the server is what is asked for, not the image).
    return BadRequest(f"Image {image_id} could not be found.")


def image_not_active(image_id: str) -> BadRequest:
    return BadRequest(f"Image {image_id} is not active.")


def network_not_found(network_id: str) -> BadRequest:
    return BadRequest(f"Network {network_id} could not be found.")


def port_not_found(port_id: str) -> BadRequest:
    return BadRequest(f"Port {port_id} could not be found.")


def action_not_found(request_id: str, instance_id: str) -> NotFound:
    return NotFound(f"Action for request_id {request_id} on instance {instance_id} not found")
