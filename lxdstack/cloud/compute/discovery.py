"""Nova Newton's version documents (nova/api/openstack/compute/versions.py, _MAX_API_VERSION 2.38).

`GET /compute` is open; the versioned documents sit behind keystonemiddleware in Nova's paste pipelines, so they
need a token (keystoneauth retries discovery with one after a 401).
"""

from __future__ import annotations

from lxdstack.cloud.core.discovery import Document

_DESCRIBED_BY = {"rel": "describedby", "type": "text/html", "href": "http://docs.openstack.org/"}


def _v20(base: str) -> dict:
    return {
        "id": "v2.0",
        "status": "SUPPORTED",
        "version": "",
        "min_version": "",
        "updated": "2011-01-21T11:33:21Z",
        "links": [{"rel": "self", "href": f"{base}/compute/v2/"}],
    }


def _v21(base: str) -> dict:
    return {
        "id": "v2.1",
        "status": "CURRENT",
        "version": "2.38",
        "min_version": "2.1",
        "updated": "2013-07-23T11:33:21Z",
        "links": [{"rel": "self", "href": f"{base}/compute/v2.1/"}],
    }


def _show(version: dict, media_version: str) -> dict:
    """The single-version document: the listing's entry plus describedby and media types."""
    media = {"base": "application/json", "type": f"application/vnd.openstack.compute+json;version={media_version}"}
    return {"version": {**version, "links": [*version["links"], _DESCRIBED_BY], "media-types": [media]}}


DOCUMENTS = {
    "root": lambda base: Document(200, {"versions": [_v20(base), _v21(base)]}),
    "current": lambda base: Document(200, _show(_v21(base), "2.1"), needs_token=True),
    "v2": lambda base: Document(200, _show(_v20(base), "2"), needs_token=True),
}

PATHS = {"": "root", "/": "root", "/v2.1": "current", "/v2.1/": "current", "/v2": "v2", "/v2/": "v2"}
