"""Keystone Newton's version documents (keystone/version/controllers.py): v3.7 stable, v2.0 deprecated.

All unauthenticated; `GET /identity` offers both versions with 300 Multiple Choices.
"""

from __future__ import annotations

from lxdstack.cloud.core.discovery import Document

_DESCRIBED_BY = {"rel": "describedby", "type": "text/html", "href": "http://docs.openstack.org/"}


def _v3(base: str) -> dict:
    return {
        "id": "v3.7",
        "status": "stable",
        "updated": "2016-10-06T00:00:00Z",
        "links": [{"rel": "self", "href": f"{base}/identity/v3/"}],
        "media-types": [{"base": "application/json", "type": "application/vnd.openstack.identity-v3+json"}],
    }


def _v2(base: str) -> dict:
    return {
        "id": "v2.0",
        "status": "deprecated",
        "updated": "2016-08-04T00:00:00Z",
        "links": [{"rel": "self", "href": f"{base}/identity/v2.0/"}, _DESCRIBED_BY],
        "media-types": [{"base": "application/json", "type": "application/vnd.openstack.identity-v2.0+json"}],
    }


DOCUMENTS = {
    "root": lambda base: Document(300, {"versions": {"values": [_v3(base), _v2(base)]}}),
    "current": lambda base: Document(200, {"version": _v3(base)}),
    "v2.0": lambda base: Document(200, {"version": _v2(base)}),
}

PATHS = {"": "root", "/": "root", "/v3": "current", "/v3/": "current", "/v2.0": "v2.0", "/v2.0/": "v2.0"}
