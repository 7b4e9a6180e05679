"""The seed's post-deploy steps, through openstacksdk: five flavors, a keypair, the external and the tenant
network with their router, and the raw boot image.

The seed ran shell scripts (facts §5.3 and the post itself); each step here shows the script's command and does
what it did, but only what is missing: an object that exists is never created again nor changed. Where it
differs from what the seed made, the difference is reported as drift (the suite's tests then fail on it) and
the bring-up goes on. Networks are compared by the suite's own comparison (`lxdstack.topology`), so the
bring-up and the tests cannot disagree about what "as the seed made it" means.

Nothing is downloaded: the image comes from a local file, and a missing one is said, not fetched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from keystoneauth1 import exceptions as ksa_exceptions
from openstack import exceptions as sdk_exceptions
from openstack.connection import Connection

from lxdstack.bringup.guarded import guarded_step
from lxdstack.bringup.steps import Step, StepFailed
from lxdstack.errors import CloudTimeout, InputError, ResourceFailed, ResourceVanished
from lxdstack.expectations import NetworkExpectation, RouterExpectation, SubnetExpectation
from lxdstack.images import wait_image_active
from lxdstack.timeouts import Timeouts
from lxdstack.topology import ROUTER_INTERFACE_OWNERS, network_problems, router_problems

ERRORS = (sdk_exceptions.SDKException, ksa_exceptions.ClientException, CloudTimeout, ResourceFailed,
          ResourceVanished, OSError)
QCOW2_MAGIC = b"QFI\xfb"
KEY_TYPES = ("ssh-rsa", "ssh-dss", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521")


@dataclass(frozen=True)
class Flavor:
    name: str
    ram: int        # MB
    disk: int       # GB
    ephemeral: int  # GB
    vcpus: int

    def command(self) -> str:
        return (f"openstack flavor create --public --ram {self.ram} --disk {self.disk} "
                f"--ephemeral {self.ephemeral} --vcpus {self.vcpus} {self.name}")


# As the seed's post creates them (not the repository's 00_nova_create_flavors.sh, which differs): the
# expectations file newton-lxd.yaml states the same five, so the suite checks what the bring-up made.
SEED_FLAVORS = (
    Flavor("m1.tiny", 512, 1, 0, 1),
    Flavor("m1.small", 1024, 20, 40, 1),
    Flavor("m1.medium", 2048, 40, 40, 2),
    Flavor("m1.large", 8192, 40, 40, 4),
    Flavor("m1.xlarge", 16384, 80, 40, 8),
)


@dataclass(frozen=True)
class ExternalNetwork:
    """`neutron-ext-net -g GATEWAY -c CIDR -f FIRST:LAST NAME`: the network, its DHCP-less subnet, the router
    `provider-router` and that router's gateway on the network."""

    name: str = "ext_net"
    cidr: str = "10.0.8.0/24"
    gateway: str = "10.0.8.1"
    pool: tuple[str, str] = ("10.0.8.201", "10.0.8.254")
    router: str = "provider-router"

    @property
    def subnet(self) -> str:
        return f"{self.name}_subnet"

    def command(self) -> str:
        return f"./neutron-ext-net -g {self.gateway} -c {self.cidr} -f {self.pool[0]}:{self.pool[1]} {self.name}"

    def expectation(self) -> NetworkExpectation:
        subnet = SubnetExpectation(cidr=self.cidr, gateway=self.gateway, pools=("-".join(self.pool),), dhcp=False)
        return NetworkExpectation(external=True, subnets={self.subnet: subnet})


@dataclass(frozen=True)
class TenantNetwork:
    """`neutron-tenant-net -t admin -r ROUTER -N DNS NAME CIDR`: a network of the admin project (the project the
    credentials name), its subnet with DHCP and DNS servers, and an interface of the router on it."""

    name: str = "internal"
    cidr: str = "192.168.20.0/24"
    dns: tuple[str, ...] = ("10.0.8.1",)
    router: str = "provider-router"

    @property
    def subnet(self) -> str:
        return f"{self.name}_subnet"

    def command(self) -> str:
        return f"./neutron-tenant-net -t admin -r {self.router} -N {','.join(self.dns)} {self.name} {self.cidr}"

    def expectation(self) -> NetworkExpectation:
        return NetworkExpectation(subnets={self.subnet: SubnetExpectation(cidr=self.cidr, dhcp=True, dns=self.dns)})


@dataclass(frozen=True)
class PostDeploySettings:
    """What the post-deploy steps create; the defaults are the seed's."""

    flavors: tuple[Flavor, ...] = SEED_FLAVORS
    keypair: str = "mykey"
    public_key: Path = Path("~/.ssh/id_rsa.pub")
    external: ExternalNetwork = ExternalNetwork()
    tenant: TenantNetwork = TenantNetwork()
    image: str = "xenial"
    image_file: Path | None = None


def check_inputs(settings: PostDeploySettings, key_option: str = "--public-key", image_option: str = "--image") -> None:
    """Read the operator's files before anything runs: an unreadable or wrong one is one InputError line."""
    read_public_key(settings.public_key, key_option)
    if settings.image_file is not None:
        path = settings.image_file.expanduser()
        try:
            with path.open("rb") as stream:
                head = stream.read(4)
        except OSError as error:
            raise InputError(f"{image_option} {path}: cannot read: {error.strerror}") from None
        if head == QCOW2_MAGIC:
            raise InputError(f"{image_option} {path}: a qcow2 image, which nova-lxd refuses: give the root "
                             f"tarball (e.g. xenial-server-cloudimg-amd64-root.tar.gz), uploaded as raw")


def read_public_key(path: Path, option: str = "--public-key") -> str:
    """The OpenSSH public key in `path` (one line); InputError naming the option when it is not one."""
    path = path.expanduser()
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError as error:
        raise InputError(f"{option} {path}: cannot read: {error.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(f"{option} {path}: not a text file, expected an OpenSSH public key") from None
    if "PRIVATE KEY" in text:
        raise InputError(f"{option} {path}: a private key; give its public half ({path.name}.pub)")
    fields = text.split()
    if len(fields) < 2 or fields[0] not in KEY_TYPES:
        raise InputError(f"{option} {path}: not an OpenSSH public key (expected a line like `ssh-rsa AAAA… comment`)")
    return text


def post_deploy_steps(settings: PostDeploySettings, connection: Callable[[], Connection], timeouts: Timeouts,
                      report: Callable[[str], None] = print) -> list[Step]:
    """The seed's post-deploy steps in its order; `connection()` is called only when a step first needs the cloud,
    `report` receives one line per drift found."""
    steps = [_flavor_step(flavor, connection, report) for flavor in settings.flavors]
    steps.append(_keypair_step(settings, connection, report))
    steps.append(_external_step(settings.external, connection, report))
    steps.append(_tenant_step(settings.tenant, connection, report))
    steps.append(_image_step(settings, connection, timeouts, report))
    return steps


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def _step(name: str, title: str, command: str, is_done: Callable[[], bool], apply: Callable[[], None]) -> Step:
    return guarded_step(name, title, command, is_done, apply, ERRORS, _describe)


def _say_drift(report: Callable[[str], None], what: str, checks: tuple[tuple[str, object, object], ...]) -> None:
    """One line for `what`, naming each (label, actual, wanted) that differs; nothing when all agree."""
    drift = [f"{label} {actual!r} (expected {wanted!r})" for label, actual, wanted in checks if actual != wanted]
    if drift:
        report(f"{what}: " + ", ".join(drift))


def _flavor_step(flavor: Flavor, connection: Callable[[], Connection], report: Callable[[str], None]) -> Step:
    def is_done() -> bool:
        found = connection().compute.find_flavor(flavor.name, ignore_missing=True)
        if found is None:
            return False
        _say_drift(report, f"flavor {flavor.name}", (
            ("ram", found.ram, flavor.ram), ("disk", found.disk, flavor.disk),
            ("ephemeral", found.ephemeral, flavor.ephemeral), ("vcpus", found.vcpus, flavor.vcpus),
            ("public", found.is_public, True)))
        return True

    def apply() -> None:
        connection().compute.create_flavor(name=flavor.name, ram=flavor.ram, disk=flavor.disk,
                                           ephemeral=flavor.ephemeral, vcpus=flavor.vcpus, is_public=True)

    title = (f"flavor {flavor.name}: {flavor.ram} MB RAM, {flavor.disk} GB disk, {flavor.ephemeral} GB ephemeral, "
             f"{flavor.vcpus} vCPU, public")
    return _step(f"flavor-{flavor.name}", title, flavor.command(), is_done, apply)


def _keypair_step(settings: PostDeploySettings, connection: Callable[[], Connection],
                  report: Callable[[str], None]) -> Step:
    def key_blob(text: str) -> tuple[str, ...]:
        return tuple(text.split()[:2])

    def is_done() -> bool:
        found = connection().compute.find_keypair(settings.keypair, ignore_missing=True)
        if found is None:
            return False
        if key_blob(found.public_key or "") != key_blob(read_public_key(settings.public_key)):
            report(f"keypair {settings.keypair}: its public key is not the one in {settings.public_key}")
        return True

    def apply() -> None:
        connection().compute.create_keypair(name=settings.keypair, public_key=read_public_key(settings.public_key))

    return _step(f"keypair-{settings.keypair}", f"keypair {settings.keypair} from {settings.public_key}",
                 f"openstack keypair create --public-key {settings.public_key} {settings.keypair}", is_done, apply)


def _router_subnets(conn: Connection, router) -> set[str]:
    return {fixed["subnet_id"] for port in conn.network.ports(device_id=router.id)
            if port.device_owner in ROUTER_INTERFACE_OWNERS for fixed in port.fixed_ips}


class _Network:
    """Find-or-create for one network, its one subnet and a router, in the seed scripts' order."""

    def __init__(self, conn: Connection, name: str, subnet: str, router: str) -> None:
        self.conn, self.name, self.subnet_name, self.router_name = conn, name, subnet, router
        self.network = conn.network.find_network(name, ignore_missing=True)
        self.subnet = None if self.network is None else conn.network.find_subnet(
            subnet, ignore_missing=True, network_id=self.network.id)
        self.router = conn.network.find_router(router, ignore_missing=True)

    def ensure(self, network: dict, subnet: dict) -> None:
        if self.network is None:
            self.network = self.conn.network.create_network(name=self.name, **network)
        if self.subnet is None:
            self.subnet = self.conn.network.create_subnet(name=self.subnet_name, network_id=self.network.id,
                                                          ip_version=4, **subnet)
        if self.router is None:
            self.router = self.conn.network.create_router(name=self.router_name)


def _external_step(net: ExternalNetwork, connection: Callable[[], Connection], report: Callable[[str], None]) -> Step:
    def is_done() -> bool:
        found = _Network(connection(), net.name, net.subnet, net.router)
        if None in (found.network, found.subnet, found.router) or not found.router.external_gateway_info:
            return False
        for problem in (network_problems(found.conn, net.name, net.expectation()) +
                        router_problems(found.conn, net.router, RouterExpectation(gateway=net.name))):
            report(problem)
        return True

    def apply() -> None:
        found = _Network(connection(), net.name, net.subnet, net.router)
        found.ensure({"is_router_external": True},
                     {"cidr": net.cidr, "gateway_ip": net.gateway, "is_dhcp_enabled": False,
                      "allocation_pools": [{"start": net.pool[0], "end": net.pool[1]}]})
        if not found.router.external_gateway_info:
            found.conn.network.update_router(found.router, external_gateway_info={"network_id": found.network.id})

    title = (f"external network {net.name}: subnet {net.subnet} {net.cidr}, gateway {net.gateway}, "
             f"floating {net.pool[0]}-{net.pool[1]}, no DHCP; router {net.router} with its gateway there")
    return _step(f"network-{net.name}", title, net.command(), is_done, apply)


def _tenant_step(net: TenantNetwork, connection: Callable[[], Connection], report: Callable[[str], None]) -> Step:
    def is_done() -> bool:
        found = _Network(connection(), net.name, net.subnet, net.router)
        if None in (found.network, found.subnet, found.router) or \
                found.subnet.id not in _router_subnets(found.conn, found.router):
            return False
        for problem in (network_problems(found.conn, net.name, net.expectation()) +
                        router_problems(found.conn, net.router, RouterExpectation(interfaces=(net.subnet,)))):
            report(problem)
        return True

    def apply() -> None:
        found = _Network(connection(), net.name, net.subnet, net.router)
        found.ensure({}, {"cidr": net.cidr, "is_dhcp_enabled": True, "dns_nameservers": list(net.dns)})
        if found.subnet.id not in _router_subnets(found.conn, found.router):
            found.conn.network.add_interface_to_router(found.router, subnet_id=found.subnet.id)

    title = (f"tenant network {net.name}: subnet {net.subnet} {net.cidr}, DNS {', '.join(net.dns)}; "
             f"interface of router {net.router}")
    return _step(f"network-{net.name}", title, net.command(), is_done, apply)


def _image_step(settings: PostDeploySettings, connection: Callable[[], Connection], timeouts: Timeouts,
                report: Callable[[str], None]) -> Step:
    def is_done() -> bool:
        found = connection().image.find_image(settings.image, ignore_missing=True)
        if found is None:
            return False
        _say_drift(report, f"image {settings.image}", (
            ("disk_format", found.disk_format, "raw"), ("container_format", found.container_format, "bare"),
            ("status", found.status, "active")))
        return True

    def apply() -> None:
        if settings.image_file is None:
            raise StepFailed(step, f"image {settings.image} does not exist and no image file was given (nothing is "
                                   f"downloaded here): give the root tarball, e.g. "
                                   f"xenial-server-cloudimg-amd64-root.tar.gz")
        conn = connection()
        image = conn.image.create_image(name=settings.image, filename=str(settings.image_file.expanduser()),
                                        disk_format="raw", container_format="bare", visibility="public",
                                        allow_duplicates=True)
        wait_image_active(conn, image, timeouts)

    source = settings.image_file or "<no file given>"
    # The seed piped `curl …-root.tar.gz` into glance; public, so that members boot it too.
    command = (f"glance image-create --name {settings.image} --disk-format raw --container-format bare "
               f"--visibility public --file {source}")
    step = _step(f"image-{settings.image}", f"image {settings.image}: raw, bare, public, from {source}",
                 command, is_done, apply)
    return step
