"""Glance Newton's wording of its errors (glance/api/v2/images.py, image_data.py, glance/common/exception.py).

Clients and tests match these texts, so they are spelled once, here, as domain errors.
"""

from __future__ import annotations

from lxdstack.cloud.core.errors import BadRequest, Conflict, Forbidden, NotFound, UnsupportedMediaType


def not_found(image_id: str) -> NotFound:
    """Unknown, deleted, or not visible to the caller: Glance does not tell these apart."""
    return NotFound(f"No image found with ID {image_id}")


def not_found_to_update(image_id: str) -> NotFound:
    return NotFound(f"Failed to find image {image_id} to update")


def not_found_to_delete(image_id: str) -> NotFound:
    return NotFound(f"Failed to find image {image_id} to delete")


def duplicate(image_id: str) -> Conflict:
    return Conflict(f"Image ID {image_id} already exists!")


def deleted_during_upload(image_id: str) -> NotFound:
    # Glance answers 410 Gone here; the embedded cloud has no 410 and the case needs a race to happen.
    return NotFound(f"Image {image_id} could not be found after upload. "
                    "The image may have been deleted during the upload.")


def read_only(attribute: str) -> Forbidden:
    return Forbidden(f"Attribute '{attribute}' is read-only.")


def reserved(attribute: str) -> Forbidden:
    return Forbidden(f"Attribute '{attribute}' is reserved.")


def not_authorized(action: str) -> Forbidden:
    """A policy rule refused (`publicize_image` is admin-only in Newton's policy.json)."""
    return Forbidden(f"You are not authorized to complete {action} action.")


def not_permitted_to_modify(attribute: str) -> Forbidden:
    """Someone else's image (visible because it is public) is immutable to the caller."""
    return Forbidden(f"You are not permitted to modify '{attribute}' on this image.")


def not_permitted_to_delete() -> Forbidden:
    return Forbidden("You are not permitted to delete this image.")


def not_permitted_to_upload() -> Forbidden:
    return Forbidden("You are not permitted to upload data for this image.")


def not_permitted_owner(owner: str | None) -> Forbidden:
    return Forbidden(f"You are not permitted to create images owned by '{owner}'.")


def protected(image_id: str) -> Forbidden:
    return Forbidden(f"Image {image_id} is protected and cannot be deleted.")


def status_transition(current: str, new: str) -> Conflict:
    return Conflict(f"Image status transition from {current} to {new} is not allowed")


def queued_only(attribute: str) -> Forbidden:
    return Forbidden(f"Attribute {attribute} can be only replaced for a queued image.")


def formats_missing(missing: list[str]) -> BadRequest:
    noun = "Property" if len(missing) == 1 else "Properties"
    return BadRequest(f"{noun} {', '.join(missing)} must be set prior to saving data.")


def schema(reason: str, validator: str, key: str) -> BadRequest:
    """jsonschema's complaint as Glance relays it (its first paragraphs)."""
    return BadRequest(f"Provided object does not match schema 'image': {reason}\n\n"
                      f"Failed validating '{validator}' in schema['properties']['{key}']")


def content_type(got: str) -> UnsupportedMediaType:
    return UnsupportedMediaType(f"Invalid content type {got}")


def patch_content_type() -> UnsupportedMediaType:
    return UnsupportedMediaType("Unsupported Content-Type")


def property_missing(name: str) -> Conflict:
    return Conflict(f"Property {name} does not exist.")


def may_not_remove(name: str) -> Forbidden:
    return Forbidden(f"Property {name} may not be removed.")


def locations_invisible(verb: str) -> Forbidden:
    return Forbidden(f"It's not allowed to {verb} locations if locations are invisible.")


def bad_request(message: str) -> BadRequest:
    return BadRequest(message)
