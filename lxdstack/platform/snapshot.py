"""One LXD's documents, each read once on first use and kept, so a session's checks ask the daemon once.

The documents are LXD's own (`GET /1.0`, `/1.0/profiles/NAME`, `/1.0/storage-pools?recursion=1`, ...), kept as
plain data: the checks never see pylxd objects, so a real daemon, one reached through Juju and the embedded
cloud's stand-in are checked by the same code. What was read is kept by path for the report.
"""

from __future__ import annotations

from typing import Any

from lxdstack.platform.lxd_api import LxdApi, LxdNotFound, LxdUnreachable
from lxdstack.steps import step

# Instance and profile keys whose values may hold secrets: Juju puts each machine's cloud-init (with its agent's
# password) in `user.user-data`; `cloud-init.*` is LXD 5's own name for the same.
_SECRET_PREFIXES = ("user.", "cloud-init.")


def _redacted(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: "<redacted>" if isinstance(key, str) and key.startswith(_SECRET_PREFIXES) and isinstance(item, str)
                else _redacted(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_redacted(item) for item in value]
    return value


class LxdSnapshot:
    """The documents of the LXD `name` (a host of the expectations file) reached through `api`."""

    def __init__(self, name: str, api: LxdApi) -> None:
        self.name = name
        self.api = api
        self.read: dict[str, Any] = {}  # path -> document (None: LXD answered 404), in reading order
        self._failed: dict[str, LxdUnreachable] = {}
        self._missing: dict[str, LxdNotFound] = {}

    @property
    def where(self) -> str:
        return f"LXD at {self.api.where}"

    def get(self, path: str) -> Any:
        """The document at `path` (None where LXD has no such object); LxdUnreachable when it cannot be read."""
        if path in self._failed:  # asked once: an LXD out of reach is not asked again by every check
            raise self._failed[path]
        if path not in self.read:
            try:
                self.read[path] = self._fetch(path, self.api.where)
            except LxdUnreachable as exc:
                self._failed[path] = exc
                raise
        return self.read[path]

    @step("Read {path} from the LXD at {where}")
    def _fetch(self, path: str, where: str) -> Any:
        try:
            return self.api.query(path)
        except LxdNotFound as exc:
            self._missing[path] = exc
            return None

    def _listing(self, path: str) -> list[dict[str, Any]]:
        """A collection, which LXD always has: a 404 here means the project (or the daemon) is not what the
        expectations say, never an empty list."""
        found = self.get(path)
        if found is None:
            raise LxdUnreachable(str(self._missing[path]))
        return found

    def shown(self) -> dict[str, Any]:
        """What was read, for a report: where, and each document by path with cloud-init data redacted."""
        return {"where": self.where, "documents": _redacted(self.read)}

    def server(self) -> dict[str, Any]:
        return self.get("/1.0")

    def profile(self, name: str) -> dict[str, Any] | None:
        return self.get(f"/1.0/profiles/{name}")

    def network(self, name: str) -> dict[str, Any] | None:
        return self.get(f"/1.0/networks/{name}")

    def storage_pool(self, name: str) -> dict[str, Any] | None:
        return self.get(f"/1.0/storage-pools/{name}")

    def storage_pools(self) -> list[dict[str, Any]]:
        return self._listing("/1.0/storage-pools?recursion=1")

    def profiles(self) -> list[dict[str, Any]]:
        return self._listing("/1.0/profiles?recursion=1")

    def instances(self) -> list[dict[str, Any]]:
        return self._listing("/1.0/instances?recursion=1")
