"""Nova's state for one cloud: flavors, keypairs, services and servers, and the rules that span them (quotas,
where a new server goes). No HTTP here; handlers resolve images and parse requests before calling in.
"""

from __future__ import annotations

import secrets
import string
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from lxdstack.cloud.compute import errors, scheduler
from lxdstack.cloud.compute.flavors import Flavor, Flavors
from lxdstack.cloud.compute.hosts import Services
from lxdstack.cloud.compute.keypairs import Keypairs
from lxdstack.cloud.compute.servers import Action, Server
from lxdstack.cloud.core.clock import Clock
from lxdstack.cloud.scenario import Scenario

if TYPE_CHECKING:
    from lxdstack.cloud.compute.networks import Plan

# Nova's default quotas (nova/conf/quota.py), shown by /limits. They are not enforced: the emulation has no
# os-quota-sets to raise them, and a suite booting many servers in one project must not fail here for that.
QUOTAS = {"instances": 10, "cores": 20, "ram": 51200, "metadata_items": 128, "key_pairs": 100,
          "server_groups": 10, "server_group_members": 10, "injected_files": 5, "injected_file_content_bytes": 10240}


@dataclass(frozen=True)
class ServerSpec:
    """A create request once the handler has validated it and resolved its references."""

    name: str
    flavor: Flavor
    image_id: str
    image_name: str
    disk_format: str | None
    key_name: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    zone: str | None = None
    forced_host: str | None = None
    security_groups: list[str] = field(default_factory=lambda: ["default"])
    config_drive: bool = False
    user_data: str | None = None
    description: str | None = None
    access_ipv4: str = ""
    access_ipv6: str = ""
    networks: Plan | None = None  # the server's ports, bound once it exists (networks.attach)


@dataclass(frozen=True)
class Usage:
    instances: int = 0
    cores: int = 0
    ram: int = 0


def admin_password() -> str:
    """utils.generate_password's default: 12 characters, no look-alikes."""
    alphabet = [c for c in string.ascii_letters + string.digits if c not in "0O1lI"]
    return "".join(secrets.choice(alphabet) for _ in range(12))


class Compute:
    def __init__(self, scenario: Scenario, clock: Clock) -> None:
        self.clock = clock
        self.flavors = Flavors.seeded(list(scenario.compute.flavors))
        self.keypairs = Keypairs()
        self.services = Services(list(scenario.compute.hosts))
        # a copy, so that a control endpoint may switch host faults at run time later
        self.boot_errors = dict(scenario.faults.boot_errors)
        self.max_attempts = scenario.compute.max_attempts
        self.boot_seconds = scenario.pace.boot_seconds
        self.servers: dict[str, Server] = {}
        self._next_number = 1

    # -- servers ----------------------------------------------------------------------------------------------
    def server(self, server_id: str, project_id: str, is_admin: bool) -> Server:
        """The server if the caller's project owns it (any server for an admin); Nova's 404 otherwise."""
        server = self.servers.get(server_id)
        if server is None or not (is_admin or server.project_id == project_id):
            raise errors.instance_not_found(server_id)
        return server

    def listing(self, project_id: str | None) -> list[Server]:
        """Servers of `project_id` (every project's when None), newest first as Nova sorts by default."""
        found = [s for s in self.servers.values() if project_id in (None, s.project_id)]
        return sorted(found, key=lambda s: (s.created, s.number), reverse=True)

    def usage(self, project_id: str) -> Usage:
        # Nova counts every instance not deleted, ERROR ones included.
        mine = [s for s in self.servers.values() if s.project_id == project_id]
        return Usage(len(mine), sum(s.flavor.vcpus for s in mine), sum(s.flavor.ram for s in mine))

    def on_host(self, host: str) -> list[Server]:
        """Servers that run (or are being built to run) on `host`: they hold its resources."""
        return [s for s in self.servers.values() if s.outcome.host == host]

    def free_ram(self, host: str) -> int:
        size = self.services.size
        return size.memory_mb - size.reserved_memory_mb - sum(s.flavor.ram for s in self.on_host(host))

    def create_server(self, spec: ServerSpec, project_id: str, user_id: str, request_id: str) -> Server:
        """A new server, its build outcome decided now; the caller has checked policy and references."""
        now = self.clock.now()
        instance_uuid = str(uuid.uuid4())
        request = scheduler.BuildRequest(instance_uuid, spec.image_id, spec.disk_format, spec.flavor.ephemeral,
                                         zone=spec.zone, forced_host=spec.forced_host)
        outcome = scheduler.build(request, self.services, self.free_ram, self.boot_errors, self.max_attempts)
        server = Server(
            uuid=instance_uuid, number=self._next_number, name=spec.name, project_id=project_id, user_id=user_id,
            flavor=spec.flavor, image_id=spec.image_id, image_name=spec.image_name, created=now,
            boot_seconds=self.boot_seconds, outcome=outcome, key_name=spec.key_name, metadata=dict(spec.metadata),
            zone=spec.zone, security_groups=list(spec.security_groups), config_drive=spec.config_drive,
            user_data=spec.user_data, description=spec.description, access_ipv4=spec.access_ipv4,
            access_ipv6=spec.access_ipv6, reservation_id=f"r-{secrets.token_hex(4)}",
        )
        server.actions.append(Action("create", request_id, user_id, project_id, now))
        self._next_number += 1
        self.servers[instance_uuid] = server
        return server

    def delete_server(self, server: Server) -> None:
        """Gone at once (Nova shows `deleting` briefly; a 404 right after is what clients wait for anyway)."""
        self.servers.pop(server.uuid, None)

    def rename(self, server: Server, name: str, now: datetime) -> None:
        server.name = name
        server.renamed_at = now

    def zone_names(self) -> Iterable[str]:
        return self.services.zones()[0]
