"""Cinder Newton's version documents (cinder/api/versions.py, _MAX_API_VERSION 3.15), all unauthenticated.

The root offers v1 (deprecated), v2 and v3 with 300 Multiple Choices; `/v3/` and `/v2/` list their one version.
The root and `/v3/` answer with `OpenStack-API-Version: volume 3.0` (what `/v3/` would echo of a requested version
is not emulated: discovery clients send none).
openstacksdk reaches `/volume/v3/` first when the catalog's volumev3 URL carries a project id.
"""

from __future__ import annotations

from lxdstack.cloud.core.discovery import Document

_DESCRIBED_BY = {"rel": "describedby", "type": "text/html", "href": "http://docs.openstack.org/"}

# (id, status, version, min_version, updated, url path, media-type version)
_KNOWN = {
    "v1": ("v1.0", "DEPRECATED", "", "", "2016-05-02T20:25:19Z", "v1", "1"),
    "v2": ("v2.0", "SUPPORTED", "", "", "2014-06-28T12:20:21Z", "v2", "2"),
    "v3": ("v3.0", "CURRENT", "3.15", "3.0", "2016-02-08T12:20:21Z", "v3", "3"),
}


def _entry(base: str, key: str) -> dict:
    ident, status, version, min_version, updated, path, media = _KNOWN[key]
    return {
        "id": ident,
        "status": status,
        "version": version,
        "min_version": min_version,
        "updated": updated,
        "links": [_DESCRIBED_BY, {"rel": "self", "href": f"{base}/volume/{path}/"}],
        "media-types": [{"base": "application/json", "type": f"application/vnd.openstack.volume+json;version={media}"}],
    }


# The versions app is a Cinder Resource too: a URL that is neither /v1 nor /v2 gets the minimum microversion, and
# the version headers with it (wsgi.py set_api_version_request). Its pipeline has no request_id filter, so Newton
# sends no request id here; the embedded cloud adds one to every answer all the same.
_VERSION_HEADERS = {"OpenStack-API-Version": "volume 3.0", "Vary": "OpenStack-API-Version"}

DOCUMENTS = {
    "root": lambda base: Document(300, {"versions": [_entry(base, key) for key in ("v1", "v2", "v3")]},
                                  headers=_VERSION_HEADERS),
    "current": lambda base: Document(200, {"versions": [_entry(base, "v3")]}, headers=_VERSION_HEADERS),
    "v2": lambda base: Document(200, {"versions": [_entry(base, "v2")]}),
}

PATHS = {"": "root", "/": "root", "/v3": "current", "/v3/": "current", "/v2": "v2", "/v2/": "v2"}
