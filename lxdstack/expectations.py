"""What a healthy cloud looks like: the expectations file, validated against a strict schema.

Tests parametrize from this file, so collection needs no network and is identical on every xdist worker.
A capability the file declares absent is skipped with the file's reason; anything declared present must work.
"""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from lxdstack.errors import InputError
from lxdstack.juju.expectations import JujuExpectation
from lxdstack.platform.expectations import LxdReach, PlatformExpectation
from lxdstack.yamlfile import read_yaml

INTERFACES = ("public", "internal", "admin")
_VERSION = re.compile(r"^v\d+(\.\d+)?$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Roles(_Strict):
    admin: str = "admin"
    member: str = "member"


class ServiceExpectation(_Strict):
    """A service type the catalog must offer (with the API versions its discovery must list), or its absence."""

    versions: tuple[str, ...] = ()
    absent: str | None = Field(default=None, description="why this cloud has no such service")

    @field_validator("versions")
    @classmethod
    def _versions_look_like_versions(cls, versions: tuple[str, ...]) -> tuple[str, ...]:
        for version in versions:
            if not _VERSION.match(version):
                raise ValueError(f"{version!r} is not an API version such as v3 or v2.1")
        return versions

    @model_validator(mode="after")
    def _either_present_or_absent(self) -> ServiceExpectation:
        if bool(self.versions) == bool(self.absent):
            raise ValueError("give either `versions` (the service must exist) or `absent: <reason>`")
        return self


class FlavorExpectation(_Strict):
    """A flavor the cloud must have, exactly (drift is reported)."""

    ram: int
    disk: int
    ephemeral: int = 0
    vcpus: int
    public: bool = True


class HostExpectation(LxdReach):
    """A compute host, and how the suite reaches its LXD to learn the storage driver.

    `lxd`: `embedded` (the embedded cloud says where its socket is), a unix socket path, an `https://` URL (with
    `tls`: client cert and key, the server's cert), `juju:<unit>`, or `none` when LXD cannot be reached from where
    the suite runs — then `storage` states the driver. `project`: the LXD project to read (default: default).
    `hypervisor_type` and `storage_rule`: this host's, where they differ from the `compute:` section's (a cloud
    whose compute hosts run different drivers).
    """

    name: str
    zone: str = "nova"
    storage: Literal["dir", "btrfs", "zfs", "lvm"] | None = None
    hypervisor_type: str | None = None
    storage_rule: Literal["newton-exact", "root-pool", "none"] | None = None


class ComputeExpectation(_Strict):
    hypervisor_type: str = "lxd"
    # How this cloud's nova-lxd decides whether the host can give ephemeral disks:
    #   newton-exact: Newton compared GET /1.0 environment.storage exactly with zfs, btrfs and lvm, so a host with
    #                 two pool drivers ("btrfs | dir") is refused too;
    #   root-pool:    the driver of the pool the default profile's root disk uses.
    #   none:         the compute driver is not nova-lxd (e.g. Nova's fake driver): no storage limitation.
    storage_rule: Literal["newton-exact", "root-pool", "none"] = "newton-exact"
    hosts: tuple[HostExpectation, ...]
    boot_image: str = Field(description="the image the boot matrix uses; it must exist (raw or root-tar)")

    def storage_rule_of(self, host: HostExpectation) -> str:
        """The host's own storage rule, else the section's."""
        return host.storage_rule or self.storage_rule

    def hypervisor_type_of(self, host: HostExpectation) -> str:
        """The host's own hypervisor type, else the section's."""
        return host.hypervisor_type or self.hypervisor_type

    @model_validator(mode="after")
    def _storage_known_somehow(self) -> ComputeExpectation:
        for host in self.hosts:
            if self.storage_rule_of(host) != "none" and host.lxd == "none" and host.storage is None:
                raise ValueError(f"host {host.name}: with `lxd: none`, state its LXD storage driver in `storage`")
        return self


class SubnetExpectation(_Strict):
    """A subnet as deployed: its CIDR, and whichever of gateway, pools, DHCP and DNS the file states."""

    cidr: str
    gateway: str | None = None
    pools: tuple[str, ...] = Field((), description="allocation pools as FIRST-LAST, e.g. 10.0.8.201-10.0.8.254")
    dhcp: bool = True
    dns: tuple[str, ...] = ()

    @field_validator("cidr")
    @classmethod
    def _is_a_network(cls, cidr: str) -> str:
        try:
            ipaddress.ip_network(cidr)
        except ValueError as exc:
            raise ValueError(f"{cidr!r} is not a network in CIDR notation: {exc}") from None
        return cidr

    @field_validator("pools")
    @classmethod
    def _pools_are_ranges(cls, pools: tuple[str, ...]) -> tuple[str, ...]:
        for pool in pools:
            first, _, last = pool.partition("-")
            try:
                ipaddress.ip_address(first)
                ipaddress.ip_address(last)
            except ValueError:
                raise ValueError(f"pool {pool!r}: write it as FIRST-LAST, e.g. 10.0.8.201-10.0.8.254") from None
        return pools


class NetworkExpectation(_Strict):
    external: bool = False
    shared: bool = False
    subnets: dict[str, SubnetExpectation]


class RouterExpectation(_Strict):
    gateway: str | None = Field(None, description="the external network the router's gateway is on")
    interfaces: tuple[str, ...] = Field((), description="subnets the router has an interface on")


class NetworkingExpectation(_Strict):
    """The networks, subnets and routers deployed after install (the seed's post-deploy steps), which agents
    must be alive, and where the fixed-IP test reserves its address."""

    networks: dict[str, NetworkExpectation]
    routers: dict[str, RouterExpectation] = {}
    agents: tuple[str, ...] = ("Open vSwitch agent", "DHCP agent", "L3 agent", "Metadata agent")
    fixed_ip_network: str = Field(description="a network of `networks` on which a member may reserve an address")

    @model_validator(mode="after")
    def _names_are_known(self) -> NetworkingExpectation:
        subnets = {name for network in self.networks.values() for name in network.subnets}
        if self.fixed_ip_network not in self.networks:
            raise ValueError(f"fixed_ip_network {self.fixed_ip_network!r} is not one of `networks`")
        for name, router in self.routers.items():
            if router.gateway is not None and router.gateway not in self.networks:
                raise ValueError(f"router {name}: gateway {router.gateway!r} is not one of `networks`")
            unknown = sorted(set(router.interfaces) - subnets)
            if unknown:
                raise ValueError(f"router {name}: interfaces name unknown subnets: {', '.join(unknown)}")
        return self


class VolumeExpectation(_Strict):
    size_gb: int = Field(10, gt=0, description="size of the volume the tests create (the seed's was 10 GB)")
    services: tuple[str, ...] = ("cinder-scheduler", "cinder-volume")


class PkiExpectation(_Strict):
    """How PKI/PKIZ tokens are checked where `token_format` is pki or pkiz."""

    certificate_warning_days: int = Field(30, ge=0, description="fail when the signing certificate expires within "
                                                                   "this many days")


class Expectations(_Strict):
    cloud: str = Field(description="what the report calls this cloud (the Allure epic)")
    release: str
    region: str = "RegionOne"
    roles: Roles = Roles()
    token_format: Literal["uuid", "fernet", "pki", "pkiz"]
    pki: PkiExpectation = PkiExpectation()
    interfaces: tuple[Literal["public", "internal", "admin"], ...] = INTERFACES
    services: dict[str, ServiceExpectation]
    compute: ComputeExpectation | None = None
    flavors: dict[str, FlavorExpectation] = {}
    network: NetworkingExpectation | None = None
    volume: VolumeExpectation | None = None
    juju: JujuExpectation | None = None      # what the Juju health gate accepts (lxdstack/juju/expectations.py)
    platform: PlatformExpectation = PlatformExpectation()

    @model_validator(mode="after")
    def _present_services_described(self) -> Expectations:
        sections = {"compute": ("compute", "hosts, boot_image"), "network": ("network", "networks, fixed_ip_network"),
                    "volumev3": ("volume", "size_gb")}
        for service, (section, keys) in sections.items():
            declared = self.services.get(service)
            if declared is not None and not declared.absent and getattr(self, section) is None:
                raise ValueError(f"{service} is declared present: describe it in a `{section}:` section ({keys})")
        return self

    def present(self, service: str) -> bool:
        declared = self.services.get(service)
        return declared is not None and not declared.absent

    def dhcp_networks(self) -> list[str]:
        """Networks with a DHCP-enabled subnet: a DHCP agent must host each."""
        if self.network is None:
            return []
        return [name for name, net in self.network.networks.items() if any(s.dhcp for s in net.subnets.values())]

    def present_services(self) -> dict[str, ServiceExpectation]:
        return {name: svc for name, svc in self.services.items() if not svc.absent}


def _location(error: dict) -> str:
    return ".".join(str(part) for part in error["loc"]) or "(top level)"


def _read(path: Path, seen: tuple[Path, ...] = ()) -> dict:
    """The file's mapping, with `extends: NAME` (a file beside it) merged underneath."""
    data = read_yaml(path, "expectations")
    if not isinstance(data, dict):
        raise InputError(f"expectations {path}: expected a mapping at the top level")
    base_name = data.pop("extends", None)
    if base_name is None:
        return data
    base = path.parent / f"{base_name}.yaml"
    if base in seen:
        raise InputError(f"expectations {path}: extends {base_name} in a loop")
    return {**_read(base, (*seen, path)), **data}


def load_expectations(path: Path) -> Expectations:
    """Load and validate an expectations file; any problem is one `InputError` line naming the file."""
    path = Path(path)
    data = _read(path)
    try:
        return Expectations.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        problem = "unknown key" if first["type"] == "extra_forbidden" else first["msg"]
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise InputError(f"expectations {path}: {_location(first)}: {problem}{more}") from None
