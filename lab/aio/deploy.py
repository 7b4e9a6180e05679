"""The all-in-one's Keystone registration, post-deploy steps and clouds.yaml entry, through openstacksdk.

    .venv/bin/python lab/aio/deploy.py register       service users, roles, services and endpoints
    .venv/bin/python lab/aio/deploy.py post-deploy    the seed's flavors, the admin's quota, image `xenial`,
                                                      ext_net/internal/router
    .venv/bin/python lab/aio/deploy.py clouds-yaml PATH NOVARC   merge the `aio` entry; write an admin novarc

Runs with the project's venv (openstacksdk, PyYAML, lxdstack). Every step looks before it creates, so a second
`make aio` changes nothing. Ports and paths come from the environment that up.sh exports (lab/aio/common.sh).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import yaml
from openstack.config.loader import OpenStackConfig
from openstack.connection import Connection

from lxdstack.cloud.client_config import _write_private, cloud_entry, read_clouds_yaml, write_novarc
from lxdstack.images import root_tarball

CLOUD = "aio"
SERVICE_USERS = ("glance", "placement", "nova", "neutron", "cinder")


def env(name: str) -> str:
    try:
        return os.environ[name]
    except KeyError:
        sys.exit(f"aio: {name} is not set (run through lab/aio/up.sh)")


def password() -> str:
    return Path(env("STATE"), "password").read_text().strip()


def connect() -> Connection:
    """The admin of the admin project, as in the clouds.yaml entry: built from cloud_entry() alone.

    Neither clouds.yaml nor OS_* variables are read: openstack.connect() would pick a lone cloud from
    ./clouds.yaml (say, an `aio` entry of a wiped run) and its password would override ours."""
    entry = cloud_entry(env("AUTH_URL"), password(), env("REGION"))
    region = OpenStackConfig(load_yaml_config=False, load_envvars=False).get_one(**entry)
    return Connection(config=region)


def endpoints() -> list[tuple[str, str, str]]:
    """(service name, type, URL) of everything but identity (keystone-manage bootstrap registers that)."""
    url = "http://127.0.0.1:{}".format
    return [
        ("glance", "image", url(env("PORT_GLANCE"))),
        ("placement", "placement", url(env("PORT_PLACEMENT"))),
        ("nova", "compute", url(env("PORT_NOVA")) + "/v2.1"),
        ("neutron", "network", url(env("PORT_NEUTRON"))),
        ("cinderv3", "volumev3", url(env("PORT_CINDER")) + "/v3/%(project_id)s"),
        ("cinder", "block-storage", url(env("PORT_CINDER")) + "/v3/%(project_id)s"),
    ]


def register(conn: Connection) -> None:
    ident = conn.identity
    service_project = ident.find_project("service", domain_id="default") or ident.create_project(
        name="service", domain_id="default", description="OpenStack services")
    roles = [ident.find_role(name) or ident.create_role(name=name) for name in ("admin", "service")]
    for name in SERVICE_USERS:
        user = ident.find_user(name, domain_id="default")
        if user is None:
            user = ident.create_user(name=name, password=password(), domain_id="default",
                                     default_project_id=service_project.id)
        else:
            ident.update_user(user, password=password())  # the password file may be new
        # admin for the admin-only calls services make to each other; service so that a service token is
        # accepted (cinder's detach check, OSSA-2023-003).
        for role in roles:
            ident.assign_project_role_to_user(service_project, user, role)
    for name, kind, url in endpoints():
        service = next((s for s in ident.services() if s.type == kind and s.name == name), None) \
            or ident.create_service(name=name, type=kind, is_enabled=True)
        for interface in ("public", "internal", "admin"):
            found = [e for e in ident.endpoints(service_id=service.id, interface=interface)
                     if e.region_id == env("REGION")]
            if not found:
                ident.create_endpoint(service_id=service.id, interface=interface, url=url, region_id=env("REGION"))
            elif found[0].url != url:
                ident.update_endpoint(found[0], url=url)


# The seed's five flavors (ram MB, disk GB, ephemeral GB, vCPUs), public.
FLAVORS = {
    "m1.tiny": (512, 1, 0, 1),
    "m1.small": (1024, 20, 40, 1),
    "m1.medium": (2048, 40, 40, 2),
    "m1.large": (8192, 40, 40, 4),
    "m1.xlarge": (16384, 80, 40, 8),
}


def flavors(conn: Connection) -> None:
    for name, (ram, disk, ephemeral, vcpus) in FLAVORS.items():
        flavor = conn.compute.find_flavor(name)
        if flavor and (flavor.ram, flavor.disk, flavor.ephemeral, flavor.vcpus) == (ram, disk, ephemeral, vcpus):
            continue
        if flavor:  # flavors cannot be changed: replace one that drifted
            conn.compute.delete_flavor(flavor)
        conn.compute.create_flavor(name=name, ram=ram, disk=disk, ephemeral=ephemeral, vcpus=vcpus, is_public=True)


def image(conn: Connection) -> None:
    """`xenial`: a tiny root tarball made here (what the seed's nova-lxd boots), raw/bare, public."""
    found = conn.image.find_image("xenial")
    if found and found.status == "active":
        return
    if found:
        conn.image.delete_image(found)
    conn.image.create_image(name="xenial", data=root_tarball(), disk_format="raw", container_format="bare",
                            visibility="public", wait=True)


def networks(conn: Connection) -> None:
    """The seed's 02_nova_create_neutron_networks.sh. These exist only in Neutron's database: no interface,
    route or bridge on this machine carries 10.0.8.0/24 or 192.168.20.0/24."""
    net = conn.network
    ext = net.find_network("ext_net") or net.create_network(
        name="ext_net", is_router_external=True, provider_network_type="flat",
        provider_physical_network="physnet1")
    net.find_subnet("ext_net_subnet") or net.create_subnet(
        name="ext_net_subnet", network_id=ext.id, ip_version=4, cidr="10.0.8.0/24", gateway_ip="10.0.8.1",
        allocation_pools=[{"start": "10.0.8.201", "end": "10.0.8.254"}], is_dhcp_enabled=False)
    internal = net.find_network("internal") or net.create_network(name="internal")
    internal_subnet = net.find_subnet("internal_subnet") or net.create_subnet(
        name="internal_subnet", network_id=internal.id, ip_version=4, cidr="192.168.20.0/24",
        gateway_ip="192.168.20.1", dns_nameservers=["10.0.8.1"], is_dhcp_enabled=True)
    router = net.find_router("provider-router") or net.create_router(
        name="provider-router", external_gateway_info={"network_id": ext.id})
    if not (router.external_gateway_info or {}).get("network_id"):
        net.update_router(router, external_gateway_info={"network_id": ext.id})
    attached = {ip["subnet_id"] for p in net.ports(device_id=router.id, device_owner="network:router_interface")
                for ip in p.fixed_ips}
    if internal_subnet.id not in attached:
        net.add_interface_to_router(router, subnet_id=internal_subnet.id)


# The admin project's compute quota. Zed's defaults (10 instances, 20 cores, 50 GiB of RAM) are far below what
# two compute hosts' boot matrix asks for at once (m1.xlarge alone is 8 vCPUs and 16 GiB): a quota refusal would
# then pass for a boot failure.
ADMIN_QUOTA = {"instances": 100, "cores": 1000, "ram": 2_048_000}


def quotas(conn: Connection) -> None:
    conn.set_compute_quotas("admin", **ADMIN_QUOTA)


def clouds_yaml(path: Path, novarc: Path) -> None:
    """Merge the `aio` entry into `path`, keeping every other cloud (the embedded cloud's among them)."""
    existing = read_clouds_yaml(path)
    entry = cloud_entry(env("AUTH_URL"), password(), env("REGION"))
    merged = dict(existing)
    merged["clouds"] = {**(existing.get("clouds") or {}), CLOUD: entry}
    # client_config.write_clouds_yaml writes only the `embedded` entry; its atomic 0600 writer fits as it is.
    _write_private(path, yaml.safe_dump(merged, sort_keys=False, default_flow_style=False))
    write_novarc(novarc, env("AUTH_URL"), password(), env("REGION"))


def main(argv: list[str]) -> int:
    if argv[:1] == ["register"]:
        register(connect())
    elif argv[:1] == ["post-deploy"]:
        conn = connect()
        flavors(conn)
        quotas(conn)
        image(conn)
        networks(conn)
    elif argv[:1] == ["clouds-yaml"] and len(argv) == 3:
        clouds_yaml(Path(argv[1]), Path(argv[2]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
