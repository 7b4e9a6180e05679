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
    return BadRequest(f"Port id {port_id} could not be found.")


def port_in_use(port_id: str) -> Conflict:
    return Conflict(f"Port {port_id} is still in use.")


def port_requires_fixed_ip(port_id: str) -> BadRequest:
    return BadRequest(f"Port {port_id} requires a FixedIP in order to be used.")


def network_requires_subnet(network_id: str) -> BadRequest:
    return BadRequest(f"Network {network_id} requires a subnet in order to boot instances on.")


def network_ambiguous() -> Conflict:
    """neutronv2/api.py raises NetworkAmbiguous with its own text, not the exception's msg_fmt."""
    return Conflict("Multiple possible networks found, use a Network ID to be more specific.")


def cannot_auto_allocate(project_id: str) -> BadRequest:
    return BadRequest(f"Unable to automatically allocate a network for project {project_id}")


def fixed_ip_in_use(address: str, instance_uuid: str) -> BadRequest:
    return BadRequest(f"Fixed IP address {address} is already in use on instance {instance_uuid}.")


def fixed_ip_with_port(address: str, port_id: str) -> BadRequest:
    return BadRequest(f"Specified Fixed IP '{address}' cannot be used with port '{port_id}': the two cannot be "
                      "specified together.")


def security_group_not_found(name: str) -> BadRequest:
    return BadRequest(f"Security group {name} not found.")


def no_unique_match() -> Conflict:
    return Conflict("No Unique Match Found.")


def action_not_found(request_id: str, instance_id: str) -> NotFound:
    return NotFound(f"Action for request_id {request_id} on instance {instance_id} not found")


# -- volume attachments ---------------------------------------------------------------------------------------
def invalid_state(action: str, server_id: str, attr: str, state: object) -> Conflict:
    """common.raise_http_conflict_for_instance_invalid_state, for check_instance_state's InstanceInvalidState."""
    return Conflict(f"Cannot '{action}' instance {server_id} while it is in {attr} {state}")


def volume_not_found(volume_id: str) -> NotFound:
    return NotFound(f"Volume {volume_id} could not be found.")


def attachment_not_found(volume_id: str) -> NotFound:
    return NotFound(f"volume_id not found: {volume_id}")


def volume_invalid(reason: str) -> BadRequest:
    """nova/volume/cinder.py check_detach's InvalidVolume."""
    return BadRequest(f"Invalid volume: {reason}")


def cinder_refused(message: str, request_id: str) -> BadRequest:
    """A 400 from Cinder as Nova relays it: cinderclient's exception text inside InvalidInput
    (nova/volume/cinder.py translate_cinder_exception)."""
    return BadRequest(f"Invalid input received: {message} (HTTP 400) (Request-ID: {request_id})")
