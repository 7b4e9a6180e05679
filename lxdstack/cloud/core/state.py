"""The state of one embedded cloud, built from its scenario, with a reset back to that start.

All state lives in one object reached from the app (`request.app.state.cloud`). Requests are served on one event
loop thread and handlers never await in the middle of a change, so no locks are needed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxdstack.cloud.compute.backend import Compute
from lxdstack.cloud.core.clock import Clock
from lxdstack.cloud.core.http_faults import HttpFault
from lxdstack.cloud.identity.backend import Identity, bootstrap
from lxdstack.cloud.identity.certificates import Certificates
from lxdstack.cloud.image.models import ImageStore
from lxdstack.cloud.network.seed import seeded as seeded_network
from lxdstack.cloud.network.store import Neutron
from lxdstack.cloud.scenario import Scenario
from lxdstack.cloud.volume.backend import BlockStorage


@dataclass
class Faults:
    """The faults in force now: the scenario's at start, switchable at run time later."""

    catalog_omits: list[str] = field(default_factory=list)
    discovery: dict[str, str] = field(default_factory=dict)
    revoke_tokens: bool = True
    http: list[HttpFault] = field(default_factory=list)
    ports_stay_down: bool = False

    @classmethod
    def of(cls, scenario: Scenario) -> Faults:
        return cls(
            catalog_omits=list(scenario.faults.catalog_omits),
            discovery=dict(scenario.faults.discovery),
            revoke_tokens=scenario.faults.revoke_tokens,
            http=[HttpFault(**fault.model_dump()) for fault in scenario.faults.http],
            ports_stay_down=scenario.faults.ports_stay_down,
        )


class CloudState:
    """Everything one cloud knows; `base_url` is where it listens (`http://127.0.0.1:PORT`)."""

    def __init__(self, scenario: Scenario, base_url: str, password: str, clock: Clock | None = None) -> None:
        self.scenario = scenario
        self.base_url = base_url
        self.password = password
        self.clock = clock or Clock()
        # host name -> path of its LXD API's unix socket, set by whoever serves them; outlives `reset`
        self.lxd_sockets: dict[str, str] = {}
        # Keystone's pki_setup files, made once per cloud start (at once for PKI tokens, else on first use)
        self.certificates = Certificates(scenario.identity.pki)
        if scenario.identity.token_provider in ("pki", "pkiz"):
            self.certificates.files  # noqa: B018 - made now, so that a broken setup stops the start
        self.reset()

    def close(self) -> None:
        """Remove what the cloud keeps on disk (the signing files)."""
        self.certificates.close()

    def reset(self) -> None:
        """Back to the scenario's initial state: new ids, no tokens, the scenario's faults."""
        self.faults = Faults.of(self.scenario)
        self.identity: Identity = bootstrap(self.scenario, self.base_url, self.password, self.clock,
                                            self.certificates)
        self.compute = Compute(self.scenario, self.clock)
        admin_project = self.identity.directory.project_by_name("admin", "default")
        self.images: ImageStore = ImageStore.seeded(self.scenario.images, admin_project.id, self.clock)
        projects = {p.name: p.id for p in self.identity.directory.list_projects()}
        hosts = [host.name for host in self.scenario.compute.hosts]
        self.network: Neutron = seeded_network(self.scenario.network, hosts, projects, self.clock)
        self.volumes = BlockStorage(self.scenario, self.clock)
