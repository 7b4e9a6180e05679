"""Glance Newton's version document (glance/api/versions.py): v2.4 current down to v2.0, v1 disabled.

Glance answers the same 300 list at its root and at `/v2/`, unauthenticated; every version links to `/v2/`.
"""

from __future__ import annotations

from lxdstack.cloud.core.discovery import Document

_VERSIONS = (("v2.4", "CURRENT"), ("v2.3", "SUPPORTED"), ("v2.2", "SUPPORTED"), ("v2.1", "SUPPORTED"),
             ("v2.0", "SUPPORTED"))


def _versions(base: str) -> Document:
    links = [{"rel": "self", "href": f"{base}/image/v2/"}]
    return Document(300, {"versions": [{"id": v, "status": s, "links": links} for v, s in _VERSIONS]})


DOCUMENTS = {"root": _versions, "current": _versions}

PATHS = {"": "root", "/": "root", "/v2": "root", "/v2/": "root"}
