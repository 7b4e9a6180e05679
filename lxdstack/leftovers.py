"""What runs left on a cloud: found by the naming scheme's prefix, removed in dependency order.

Only names that parse as the suite's own (`lxdstack.naming.parse`) are ever taken, so an operator's resource that
merely starts with `acc-` is never listed nor deleted. Nova keypairs belong to a user: the admin's own are listed;
a member persona's keypairs go with its user.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from openstack.connection import Connection

from lxdstack import images, naming, ports, volumes
from lxdstack.errors import CleanupFailed
from lxdstack.resources import wait_for_gone
from lxdstack.servers import get_server
from lxdstack.timeouts import Timeouts

# Deletion order: servers use images, keypairs, ports, volumes and projects (a deleted server's volumes are
# detached and its ports unbound); users and projects go last (a project outlives its users' role assignments, and
# nothing the suite makes needs a user once its servers are gone).
KINDS = ("server", "volume", "port", "image", "keypair", "user", "project")
_AGE = re.compile(r"^([0-9]+)([mhd])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


@dataclass(frozen=True)
class Leftover:
    kind: str
    id: str
    name: str
    created: datetime | None = None

    def describe(self) -> str:
        return f"{self.kind} {self.name} {self.id}"


def parse_name(name: str) -> tuple[str, str, datetime] | None:
    """(prefix, run id, the run's start) of a name the suite gave, else None."""
    parts = naming.parse(name)
    return (parts.prefix, parts.run_id, parts.started_at) if parts else None


def parse_age(text: str) -> timedelta:
    """`30m`, `2h`, `1d` as a timedelta; ValueError naming the input otherwise."""
    found = _AGE.match(text.strip())
    if not found:
        raise ValueError(f"{text!r}: give a whole number and a unit m, h or d (30m, 2h, 1d)")
    return timedelta(**{_UNITS[found[2]]: int(found[1])})


def matches(name: str | None, prefix: str) -> bool:
    """`prefix` is a name prefix (`acc`) or a run's (`acc-2601010000abc`), with or without the final dash."""
    return bool(name) and name.startswith(prefix.rstrip("-") + "-") and naming.parse(name) is not None


def older_than(leftovers: Iterable[Leftover], age: timedelta, now: datetime | None = None) -> list[Leftover]:
    """Those whose run (by the run id in the name, not the resource's own date) started more than `age` ago."""
    cutoff = (now or datetime.now(UTC)) - age
    return [item for item in leftovers if (parts := parse_name(item.name)) and parts[2] < cutoff]


def _when(value) -> datetime | None:
    if not value:
        return None
    try:
        found = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return found if found.tzinfo else found.replace(tzinfo=UTC)


def find(conn: Connection, prefix: str) -> list[Leftover]:
    """Every resource of the kinds the suite creates whose name carries `prefix`, in deletion order."""
    listings = {
        "server": lambda: ((s.id, s.name, s.created_at) for s in conn.compute.servers(all_projects=True)),
        "volume": lambda: ((v.id, v.name, v.created_at) for v in conn.block_storage.volumes(all_projects=True)),
        "port": lambda: ((p.id, p.name, p.created_at) for p in conn.network.ports()),
        "image": lambda: ((i.id, i.name, i.created_at) for i in conn.image.images()),
        # A keypair's id is its name; Nova's listing gives no date before microversion 2.2's GET.
        "keypair": lambda: ((k.name, k.name, getattr(k, "created_at", None)) for k in conn.compute.keypairs()),
        "user": lambda: ((u.id, u.name, None) for u in conn.identity.users()),
        "project": lambda: ((p.id, p.name, None) for p in conn.identity.projects()),
    }
    # A cloud without a service (an identity-only lane) has none of its resources: asking would fail.
    service = {"server": "compute", "keypair": "compute", "image": "image", "volume": "block-storage",
               "port": "network"}
    found = []
    for kind in KINDS:
        if kind in service and not conn.has_service(service[kind]):
            continue
        found += [Leftover(kind, id_, name, _when(created)) for id_, name, created in listings[kind]()
                  if matches(name, prefix)]
    return found


def remove(conn: Connection, leftovers: Iterable[Leftover], timeouts: Timeouts,
           on_deleted: Callable[[Leftover], None] = lambda item: None) -> None:
    """Delete in dependency order; not-found is fine (idempotent). Every failure is collected and raised at the
    end as `CleanupFailed` naming each resource; `on_deleted` hears of each one that is gone."""
    items = sorted(leftovers, key=lambda item: KINDS.index(item.kind))
    failures: list[tuple[str, BaseException]] = []

    def attempt(item: Leftover, step: Callable[[], object]) -> bool:
        try:
            step()
        except Exception as exc:  # noqa: BLE001 - collected and raised below, never swallowed
            failures.append((f"delete {item.describe()}", exc))
            return False
        return True

    def wait_gone(fetch: Callable[[], object], item: Leftover, timeout: float) -> None:
        wait_for_gone(fetch, f"{item.kind} {item.name}", timeout=timeout, interval=timeouts.poll_interval,
                      max_interval=timeouts.poll_interval_max)

    servers = [item for item in items if item.kind == "server"]
    # Ask for every server's deletion first, then wait: deletions proceed in parallel on the cloud.
    deleting = [s for s in servers
                if attempt(s, lambda s=s: conn.compute.delete_server(s.id, ignore_missing=True))]
    for server in deleting:
        if attempt(server, lambda s=server: wait_gone(lambda: get_server(conn, s.id), s, timeouts.server_delete)):
            on_deleted(server)
    steps = {
        "volume": lambda item: volumes.delete_and_wait(conn, item.id, item.name, timeouts),
        "port": lambda item: ports.delete_and_wait(conn, item.id, item.name, timeouts),
        "image": lambda item: images.delete_and_wait(conn, item.id, item.name, timeouts),
        "keypair": lambda item: conn.compute.delete_keypair(item.id, ignore_missing=True),
        "user": lambda item: conn.identity.delete_user(item.id, ignore_missing=True),
        "project": lambda item: conn.identity.delete_project(item.id, ignore_missing=True),
    }
    for item in items:
        if item.kind != "server" and attempt(item, lambda item=item: steps[item.kind](item)):
            on_deleted(item)
    if failures:
        raise CleanupFailed(failures)
