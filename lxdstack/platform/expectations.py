"""The expectations file's `platform:` section, and how any entry of the file says an LXD is reached.

Defaults are the seed's host (facts §5.2 and the openstack-on-lxd guide): `lxd init`, then lxdbr0 set to
10.0.8.1/24 with DHCP .2-.200, jumbo frames and no IPv6; Juju's `juju-default` profile edited to allow nesting
and privileged containers and to load the kernel modules Open vSwitch, nbd and iptables need; every Juju machine a
container named `juju-<model>-<N>`. `platform: {absent: "reason"}` skips every platform check with that reason.
"""

from __future__ import annotations

import ipaddress
import os
import re

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SEED_KERNEL_MODULES = ("openvswitch", "nbd", "ip_tables", "ip6_tables", "netlink_diag")
_UNIT = re.compile(r"^[a-z][a-z0-9-]*/\d+$")


class _Strict(BaseModel):  # as lxdstack.expectations._Strict, which imports this module
    model_config = ConfigDict(extra="forbid", frozen=True)


class LxdTls(_Strict):
    """A client certificate and key the LXD trusts, and the server's certificate to verify it by (pinned; without
    it the system's CAs verify the server). Absolute paths, or `~/...`."""

    cert: str
    key: str
    server_cert: str | None = None

    @field_validator("cert", "key", "server_cert")
    @classmethod
    def _file_exists(cls, path: str | None) -> str | None:
        if path is None:
            return None
        if not path.startswith(("/", "~")):
            raise ValueError(f"{path!r}: give an absolute path (or ~/...)")
        if not os.path.isfile(os.path.expanduser(path)):
            raise ValueError(f"{path}: no such file")
        return path


class LxdReach(_Strict):
    """How the suite reaches an LXD: `lxd` is `embedded` (the embedded cloud says where its socket is), a unix
    socket path, an `https://` URL (with `tls`), `juju:<unit>` (`lxc query` run on that unit), or `none`;
    `project` is the LXD project the checks read."""

    lxd: str = "embedded"
    project: str = "default"
    tls: LxdTls | None = None

    @model_validator(mode="after")
    def _lxd_reachable_somehow(self) -> LxdReach:
        lxd = self.lxd
        if lxd.startswith("juju:"):
            if not _UNIT.match(lxd.removeprefix("juju:")):
                raise ValueError(f"lxd {lxd!r}: name a unit after juju:, e.g. juju:nova-compute/0")
        elif lxd not in ("embedded", "none") and not lxd.startswith(("/", "https://")):
            raise ValueError(f"lxd {lxd!r}: use embedded, none, a socket path, an https:// URL or juju:<unit>")
        if self.tls is not None and not lxd.startswith("https://"):
            raise ValueError(f"lxd {lxd!r}: `tls` applies to an https:// URL only")
        if not self.project:
            raise ValueError("project: name an LXD project (default: default)")
        return self


class PlatformHost(LxdReach):
    """The machine Juju deployed the cloud on (its LXD runs the Juju machines' containers)."""

    name: str = "lxd-host"

    @model_validator(mode="after")
    def _reachable(self) -> PlatformHost:
        if self.lxd == "none":
            raise ValueError("lxd: none: a host the suite cannot reach has no checks; declare the platform "
                             "`absent: <reason>` instead")
        return self


class JujuProfileExpectation(_Strict):
    """The profile Juju gives its model's containers, as the seed edited it."""

    name: str = "juju-default"
    nesting: bool = True
    privileged: bool = True
    kernel_modules: tuple[str, ...] = SEED_KERNEL_MODULES


class NicExpectation(_Strict):
    """The NIC containers get (a profile's device), whose network is the bridge, and its MTU."""

    profile: str = "default"
    device: str = "eth0"
    mtu: int = Field(9000, ge=68, le=65535)


class BridgeExpectation(_Strict):
    """The LXD-managed bridge the NIC is on: its IPv4 subnet and gateway, DHCP ranges, and whether IPv6 is on."""

    name: str = "lxdbr0"
    subnet: str = "10.0.8.0/24"
    gateway: str = "10.0.8.1"
    dhcp_ranges: tuple[str, ...] = Field(("10.0.8.2-10.0.8.200",), description="FIRST-LAST; () for DHCP off")
    ipv6: bool = False

    @model_validator(mode="after")
    def _addresses_fit(self) -> BridgeExpectation:
        try:
            subnet = ipaddress.IPv4Network(self.subnet)
        except ValueError as exc:
            raise ValueError(f"subnet {self.subnet!r} is not an IPv4 network in CIDR notation: {exc}") from None
        try:
            addresses = [ipaddress.IPv4Address(self.gateway)]
            for dhcp_range in self.dhcp_ranges:
                first, _, last = dhcp_range.partition("-")
                addresses += [ipaddress.IPv4Address(first), ipaddress.IPv4Address(last)]
        except ValueError:
            raise ValueError("gateway and dhcp_ranges: IPv4 addresses, ranges as FIRST-LAST "
                             "(e.g. 10.0.8.2-10.0.8.200)") from None
        outside = [str(address) for address in addresses if address not in subnet]
        if outside:
            raise ValueError(f"{', '.join(outside)} outside subnet {self.subnet}")
        return self


class PlatformExpectation(_Strict):
    """The LXD host under the cloud, or `absent: <reason>` where there is none to check."""

    absent: str | None = Field(None, description="why this cloud has no LXD platform to check")
    host: PlatformHost = PlatformHost()
    juju_profile: JujuProfileExpectation = JujuProfileExpectation()
    nic: NicExpectation = NicExpectation()
    bridge: BridgeExpectation = BridgeExpectation()
    machines: str = Field("juju-*", description="glob naming Juju's machine containers; each must be Running")

    @model_validator(mode="after")
    def _absent_alone(self) -> PlatformExpectation:
        if self.absent is not None and self.model_fields_set - {"absent"}:
            raise ValueError("give either `absent: <reason>` or the platform's description, not both")
        if self.absent is not None and not self.absent.strip():
            raise ValueError("absent: say why the platform is absent")
        return self
