"""Does a catalog endpoint answer its *own* service's version discovery?

A 200 is not enough: an endpoint wired to the wrong backend answers another service's document, and clients
then follow that document's links to the wrong place. We fetch the document the way keystoneauth does (the
catalog URL without its project id, then the unversioned root) and check that it lists the API versions the
expectations name, with self links that stay under the endpoint's own base URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from keystoneauth1 import discover
from keystoneauth1 import exceptions as ksa_exceptions
from keystoneauth1.session import Session

from lxdstack.steps import step

_VERSION_SEGMENT = re.compile(r"^v\d+(\.\d+)?$")
_USABLE = {"current", "supported", "stable"}


@dataclass(frozen=True)
class Advertised:
    id: str
    status: str
    self_url: str


def base_url(catalog_url: str, project_id: str | None) -> str:
    """The endpoint's root: the catalog URL without the project id and the version segment."""
    parts = urlsplit(catalog_url)
    segments = [s for s in parts.path.split("/") if s]
    if project_id and segments and segments[-1] == project_id:
        segments.pop()
    if segments and _VERSION_SEGMENT.match(segments[-1]):
        segments.pop()
    return f"{parts.scheme}://{parts.netloc}/" + "/".join(segments)


def candidate_urls(catalog_url: str, project_id: str | None) -> list[str]:
    """Where keystoneauth looks for the document: the catalog URL (minus project id), then the root."""
    url = catalog_url.rstrip("/")
    if project_id and url.endswith("/" + project_id):
        url = url[: -len(project_id) - 1]
    root = base_url(catalog_url, project_id)
    return [url] if url.rstrip("/") == root.rstrip("/") else [url, root]


@step("Fetch version discovery for {catalog_url}")
def fetch_versions(session: Session, catalog_url: str, project_id: str | None) -> list[Advertised]:
    """Every version the endpoint's discovery documents list (versioned URL and root together, as keystoneauth
    reads them: Keystone's `/v2.0` names only v2.0 while its root names v3 too); `DiscoveryFailure` when no
    candidate answers a document."""
    problems: list[str] = []
    found: dict[str, Advertised] = {}
    for url in candidate_urls(catalog_url, project_id):
        try:
            raw = discover.get_version_data(session, url)
        except ksa_exceptions.DiscoveryFailure as exc:
            problems.append(f"{url}: {exc}")
            continue
        except ksa_exceptions.HttpError as exc:
            problems.append(f"{url}: HTTP {exc.http_status}")
            continue
        for version in raw:
            links = version.get("links", [])
            self_url = next((link.get("href", "") for link in links if link.get("rel") == "self"), "")
            advertised = Advertised(id=str(version.get("id", "")), status=str(version.get("status", "")).lower(),
                                    self_url=self_url)
            found.setdefault(advertised.id, advertised)
    if not found:
        raise ksa_exceptions.DiscoveryFailure("no version discovery document: " + "; ".join(problems))
    return list(found.values())


def _offers(advertised: list[Advertised], wanted: str) -> bool:
    """v3 is offered by any v3.x; v2.1 and v2.0 only by themselves; v2 by any v2.x."""
    usable = [a.id for a in advertised if a.status in _USABLE]
    if "." in wanted:
        return wanted in usable
    return any(a == wanted or a.startswith(wanted + ".") for a in usable)


def problems_with(advertised: list[Advertised], wanted: tuple[str, ...], root: str) -> list[str]:
    """What is wrong with a discovery document for a service that must offer `wanted` under `root`."""
    problems = [f"does not offer {version} (lists: {', '.join(a.id + ' ' + a.status for a in advertised)})"
                for version in wanted if not _offers(advertised, version)]
    root = root.rstrip("/")
    foreign = sorted({a.self_url for a in advertised
                      if a.self_url and a.self_url.rstrip("/") != root and not a.self_url.startswith(root + "/")})
    if foreign:
        problems.append(f"links lead away from {root}: {', '.join(foreign)}")
    return problems
