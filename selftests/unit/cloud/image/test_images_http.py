"""Glance v2 on the wire: the image document, JSON-patch, uploads, and Glance's own refusals and wording."""

from __future__ import annotations

import hashlib
import uuid

import pytest

PATCH = {"Content-Type": "application/openstack-images-v2.1-json-patch"}
OCTETS = {"Content-Type": "application/octet-stream"}
WEBOB_TAIL = "<br /><br />\n\n\n"
WEBOB_DEFAULT_TYPE = "text/html; charset=UTF-8"
IMAGE_KEYS = {"id", "name", "status", "visibility", "protected", "tags", "container_format", "disk_format",
              "min_disk", "min_ram", "size", "virtual_size", "checksum", "owner", "created_at", "updated_at",
              "self", "file", "schema"}


@pytest.fixture
def image(api, admin_token: str):
    """A fresh queued raw/bare image of the admin project, deleted afterwards."""
    body = {"name": f"http-{uuid.uuid4().hex[:8]}", "disk_format": "raw", "container_format": "bare",
            "owner_specified.openstack.md5": "", "hw_arch": "x86_64"}
    created = api.request("POST", "/image/v2/images", admin_token, json=body)
    assert created.status_code == 201, created.text
    yield created.json()
    api.request("DELETE", f"/image/v2/images/{created.json()['id']}", admin_token)


def said(response) -> str:
    """The explanation in a Glance error: webob's body template leaves a line break and two empty lines after it in
    the JSON `message` (WebOb 1.6, Newton's; the same on a real Zed Glance)."""
    message = response.json()["message"]
    assert message.endswith(WEBOB_TAIL), repr(message)
    return message.removesuffix(WEBOB_TAIL)


def patch(api, token: str, image_id: str, *ops: dict):
    return api.request("PATCH", f"/image/v2/images/{image_id}", token, headers=PATCH, json=list(ops))


def test_created_image_is_queued_with_glances_shape(api, image, admin_token: str) -> None:
    assert IMAGE_KEYS | {"owner_specified.openstack.md5", "hw_arch"} == set(image)
    assert (image["status"], image["size"], image["checksum"], image["virtual_size"]) == ("queued", None, None, None)
    assert image["self"] == f"/v2/images/{image['id']}" and image["file"] == image["self"] + "/file"
    assert image["schema"] == "/v2/schemas/image"
    assert image["created_at"].endswith("Z") and len(image["created_at"]) == 20
    assert api.request("GET", f"/image/v2/images/{image['id']}/file", admin_token).status_code == 204


def test_upload_activates_once_and_only_once(api, image, admin_token: str) -> None:
    path = f"/image/v2/images/{image['id']}/file"
    uploaded = api.request("PUT", path, admin_token, data=b"root", headers=OCTETS)
    assert (uploaded.status_code, uploaded.headers["Content-Type"], uploaded.content) == (204, WEBOB_DEFAULT_TYPE, b"")
    shown = api.request("GET", f"/image/v2/images/{image['id']}", admin_token).json()
    assert (shown["status"], shown["size"], shown["checksum"]) == ("active", 4, hashlib.md5(b"root").hexdigest())
    again = api.request("PUT", path, admin_token, data=b"more", headers=OCTETS)
    assert again.status_code == 409
    assert said(again) == "Image status transition from active to saving is not allowed"
    wrong = api.request("PUT", path, admin_token, data=b"{}", headers={"Content-Type": "application/json"})
    assert (wrong.status_code, said(wrong)) == (415, "Invalid content type application/json")
    download = api.request("GET", path, admin_token)
    assert (download.content, download.headers["Content-MD5"]) == (b"root", shown["checksum"])


def test_upload_needs_both_formats(api, admin_token: str) -> None:
    created = api.request("POST", "/image/v2/images", admin_token, json={"name": "formatless"}).json()
    try:
        upload = api.request("PUT", f"/image/v2/images/{created['id']}/file", admin_token, data=b"x", headers=OCTETS)
        assert upload.status_code == 400
        assert said(upload) == "Properties disk_format, container_format must be set prior to saving data."
    finally:
        api.request("DELETE", f"/image/v2/images/{created['id']}", admin_token)


@pytest.mark.parametrize("body, key", [
    ({"disk_format": "vhdx"}, "disk_format"),  # Newton's default list has it; the Juju charm's does not
    ({"container_format": "lxd"}, "container_format"),
    ({"visibility": "shared"}, "visibility"),  # v2.5 (Ocata)
    ({"min_ram": "512"}, "min_ram"),
    ({"hw_arch": 64}, "hw_arch"),  # extra properties are strings
])
def test_schema_refusals_are_400(api, admin_token: str, body: dict, key: str) -> None:
    response = api.request("POST", "/image/v2/images", admin_token, json={"name": "bad", **body})
    assert response.status_code == 400
    assert said(response).startswith("Provided object does not match schema 'image': ")
    assert f"schema['properties']['{key}']" in said(response)
    assert response.json()["code"] == "400 Bad Request"


@pytest.mark.parametrize("key, status, word", [("status", 403, "read-only"), ("self", 403, "read-only"),
                                               ("deleted", 403, "reserved")])
def test_read_only_and_reserved_attributes_are_refused(api, admin_token, key, status, word) -> None:
    response = api.request("POST", "/image/v2/images", admin_token, json={"name": "bad", key: "active"})
    assert (response.status_code, said(response)) == (status, f"Attribute '{key}' is {word}.")


def test_member_may_not_create_for_another_project(api, demo_token: str) -> None:
    response = api.request("POST", "/image/v2/images", demo_token, json={"name": "x", "owner": "someone"})
    assert response.status_code == 403
    assert said(response) == "You are not permitted to create images owned by 'someone'."


def test_patch_replace_add_remove(api, image, admin_token: str) -> None:
    changed = patch(api, admin_token, image["id"], {"op": "replace", "path": "/name", "value": "renamed"},
                    {"op": "add", "path": "/os_distro", "value": "ubuntu"},
                    {"op": "add", "path": "/hw_arch", "value": "i686"},  # add replaces in v2.1
                    {"op": "remove", "path": "/owner_specified.openstack.md5"},
                    {"op": "replace", "path": "/tags", "value": ["a", "b", "a"]})
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert (body["name"], body["os_distro"], body["hw_arch"], body["tags"]) == ("renamed", "ubuntu", "i686",
                                                                                ["a", "b"])
    assert "owner_specified.openstack.md5" not in body


@pytest.mark.parametrize("op, status, message", [
    ({"op": "remove", "path": "/missing"}, 409, "Property missing does not exist."),
    ({"op": "replace", "path": "/missing", "value": "x"}, 409, "Property missing does not exist."),
    ({"op": "remove", "path": "/name"}, 403, "Property name may not be removed."),
    ({"op": "replace", "path": "/status", "value": "active"}, 403, "Attribute 'status' is read-only."),
    ({"op": "move", "path": "/name"}, 400,
     "Invalid operation: `move`. It must be one of the following: add, remove, replace."),
    ({"op": "replace", "path": "name", "value": "x"}, 400, 'Pointer `name` does not start with "/".'),
    ({"op": "replace", "path": "/name"}, 400, 'Operation "replace" requires a member named "value".'),
])
def test_patch_refusals(api, image, admin_token: str, op: dict, status: int, message: str) -> None:
    response = patch(api, admin_token, image["id"], {"op": "replace", "path": "/name", "value": "first"}, op)
    assert (response.status_code, said(response)) == (status, message)
    assert api.request("GET", f"/image/v2/images/{image['id']}", admin_token).json()["name"] == image["name"]


def test_patch_needs_the_json_patch_media_type(api, image, admin_token: str) -> None:
    response = api.request("PATCH", f"/image/v2/images/{image['id']}", admin_token,
                           json=[{"op": "replace", "path": "/name", "value": "x"}])
    assert (response.status_code, said(response)) == (415, "Unsupported Content-Type")


def test_formats_are_fixed_once_active(api, image, admin_token: str) -> None:
    api.request("PUT", f"/image/v2/images/{image['id']}/file", admin_token, data=b"x", headers=OCTETS)
    response = patch(api, admin_token, image["id"], {"op": "replace", "path": "/disk_format", "value": "qcow2"})
    assert response.status_code == 403
    assert said(response) == "Attribute disk_format can be only replaced for a queued image."


def test_hidden_and_unknown_images_are_404(api, image, demo_token: str, admin_token: str) -> None:
    for token in (demo_token, admin_token):
        unknown = api.request("GET", "/image/v2/images/0e6b0e4b-4a1b-4d8c-9c57-6a1f2b3c4d5e", token)
        assert unknown.status_code == 404
    hidden = api.request("GET", f"/image/v2/images/{image['id']}", demo_token)
    assert (hidden.status_code, said(hidden)) == (404, f"No image found with ID {image['id']}")
    delete = api.request("DELETE", f"/image/v2/images/{image['id']}", demo_token)
    assert said(delete) == f"Failed to find image {image['id']} to delete"
    assert hidden.json()["code"] == "404 Not Found" and hidden.headers["Content-Type"] == "application/json"
    listed = api.request("GET", f"/image/v2/images?name={image['name']}", demo_token).json()["images"]
    assert listed == []


def test_list_filters_and_refusals(api, image, admin_token: str) -> None:
    def ids(query: str) -> list[str]:
        response = api.request("GET", f"/image/v2/images?{query}", admin_token)
        assert response.status_code == 200, response.text
        return [i["id"] for i in response.json()["images"]]

    assert ids(f"name={image['name']}&status=queued&visibility=private") == [image["id"]]
    assert ids(f"name={image['name']}&status=active") == []
    assert ids(f"name={image['name']}&hw_arch=x86_64&owner={image['owner']}") == [image["id"]]
    assert api.request("GET", "/image/v2/images?visibility=everyone", admin_token).status_code == 400
    assert api.request("GET", "/image/v2/images?sort_key=colour", admin_token).status_code == 400
    assert api.request("GET", "/image/v2/images?limit=-1", admin_token).status_code == 400


def test_images_need_a_token(api) -> None:
    assert api.request("GET", "/image/v2/images").status_code == 401


def test_unimplemented_glance_routes_are_501(api, admin_token: str) -> None:
    assert api.request("GET", "/image/v2/schemas/image", admin_token).status_code == 501


def test_delete_answers_204_with_webob_s_default_content_type(api, admin_token: str) -> None:
    created = api.request("POST", "/image/v2/images", admin_token, json={"name": f"del-{uuid.uuid4().hex[:8]}"})
    deleted = api.request("DELETE", f"/image/v2/images/{created.json()['id']}", admin_token)
    assert (deleted.status_code, deleted.headers["Content-Type"], deleted.content) == (204, WEBOB_DEFAULT_TYPE, b"")
