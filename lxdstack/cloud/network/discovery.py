"""Neutron Newton's documents: the open version list, and the token-guarded `/v2.0` resource index.

openstacksdk never fetches these (it appends `/v2.0` to the catalog URL itself); the suite's discovery checks do.
"""

from __future__ import annotations

from lxdstack.cloud.core.discovery import Document

# Neutron's v2.0 index lists its core resources only (neutron/api/v2/router.py RESOURCES); extensions such as
# routers are not in it.
_CORE = (("network", "networks"), ("subnet", "subnets"), ("subnetpool", "subnetpools"), ("port", "ports"))


def _versions(base: str) -> Document:
    links = [{"rel": "self", "href": f"{base}/network/v2.0/"}]
    return Document(200, {"versions": [{"id": "v2.0", "status": "CURRENT", "links": links}]})


def _resources(base: str) -> Document:
    resources = [
        {"name": name, "collection": collection,
         "links": [{"rel": "self", "href": f"{base}/network/v2.0/{collection}"}]}
        for name, collection in _CORE
    ]
    return Document(200, {"resources": resources}, needs_token=True)


DOCUMENTS = {"root": _versions, "current": _resources}

PATHS = {"": "root", "/": "root", "/v2.0": "current", "/v2.0/": "current"}
