"""The operations `bench/fidelity.py` drives on each cloud, as the acceptance tests do them, recorded by a
`Recorder`: identity, image and the network's read side here; servers, ports and volumes in
`fidelity_servers.py`.

Every request is the same on both clouds (same body, same microversion: the highest both serve); every resource
made is named by `Names` (`fid-...`) and its deletion registered the moment it exists.
"""

from __future__ import annotations

import hashlib
import ipaddress
import uuid
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from fidelity_record import Recorder
from openstack.connection import Connection

from lxdstack.cleanup import Cleanup
from lxdstack.discovery import base_url
from lxdstack.images import root_tarball
from lxdstack.naming import Names
from lxdstack.ports import address_outside
from lxdstack.tokens import fake_token, token_format

OCTET_STREAM = {"Content-Type": "application/octet-stream"}


@dataclass
class Run:
    """One cloud's side of the comparison."""

    rec: Recorder
    conn: Connection
    names: Names
    cleanup: Cleanup
    microversions: dict[str, str]   # service -> the highest microversion both clouds serve
    failing_volumes: Connection     # a cloud whose Cinder cannot place a volume (see fidelity_servers.volumes)
    real: bool

    @property
    def auth(self) -> dict[str, Any]:
        return self.conn.config.config["auth"]

    def root(self, service: str) -> str:
        """The service's unversioned root (where version discovery starts)."""
        return base_url(self.conn.endpoint_for(service), self.conn.current_project_id)

    def made(self, what: str, undo) -> None:
        self.cleanup.add(what, undo)


def _password_auth(user: dict[str, Any], scope: Any) -> dict[str, Any]:
    return {"auth": {"identity": {"methods": ["password"], "password": {"user": user}}, "scope": scope}}


def identity(run: Run) -> None:
    rec, auth = run.rec, run.auth
    rec.call("identity", "GET / (version discovery)", "GET", run.root("identity"), authenticated=False,
             values=["versions.values[].id", "versions.values[].status"])
    rec.call("identity", "GET /v3 (version document)", "GET", "/", authenticated=False,
             values=["version.id", "version.status", "version.media-types[].base"])
    user = {"name": auth["username"], "domain": {"name": auth.get("user_domain_name", "Default")},
            "password": auth["password"]}
    project = {"project": {"name": auth["project_name"], "domain": {"name": auth.get("project_domain_name",
                                                                                   "Default")}}}
    token_values = ["token.methods[]", "token.roles[].name", "token.catalog[].type", "token.catalog[].name",
                    "token.catalog[].endpoints[].interface", "token.is_domain"]

    def issue(op: str) -> str:
        reply = rec.call("identity", op, "POST", "/auth/tokens", json=_password_auth(user, project),
                         authenticated=False, values=token_values)
        return reply.headers.get("x-subject-token", "")

    kept, revoked = issue("POST /v3/auth/tokens (password, project scope)"), issue("POST /v3/auth/tokens (again)")
    rec.note("identity", "POST /v3/auth/tokens (password, project scope)", "token format", token_format(kept))
    subject = {"X-Subject-Token": kept}
    rec.call("identity", "GET /v3/auth/tokens (validate)", "GET", "/auth/tokens", headers=subject,
             values=token_values)
    rec.call("identity", "GET /v3/auth/tokens?nocatalog", "GET", "/auth/tokens?nocatalog", headers=subject)
    rec.call("identity", "HEAD /v3/auth/tokens", "HEAD", "/auth/tokens", headers=subject)
    rec.call("identity", "GET /v3/auth/tokens (never issued)", "GET", "/auth/tokens",
             headers={"X-Subject-Token": fake_token(token_format(kept))})
    rec.call("identity", "DELETE /v3/auth/tokens (revoke)", "DELETE", "/auth/tokens",
             headers={"X-Subject-Token": revoked})
    rec.call("identity", "GET /v3/auth/tokens (revoked)", "GET", "/auth/tokens",
             headers={"X-Subject-Token": revoked})
    rec.call("identity", "HEAD /v3/auth/tokens (revoked)", "HEAD", "/auth/tokens",
             headers={"X-Subject-Token": revoked})
    rec.call("identity", "POST /v3/auth/tokens (explicitly unscoped)", "POST", "/auth/tokens",
             json=_password_auth(user, "unscoped"), authenticated=False, values=["token.methods[]"])
    rec.call("identity", "GET /v3/auth/catalog", "GET", "/auth/catalog",
             values=["catalog[].type", "catalog[].endpoints[].interface"])
    roles = rec.call("identity", "GET /v3/roles", "GET", "/roles", values=["roles[].name"]).body["roles"]
    _member(run, kept, next(r for r in roles if r["name"].lower() == "member"))


def _member(run: Run, admin_token: str, role: dict[str, Any]) -> None:
    """A throw-away project and member user, as the suite's member persona: its own token validates, an admin's
    does not."""
    rec = run.rec
    project = rec.call("identity", "POST /v3/projects", "POST", "/projects", json={"project": {
        "name": run.names.make("project"), "domain_id": "default", "description": ""}}).body["project"]
    run.made("project", lambda: run.conn.identity.delete(f"/projects/{project['id']}"))
    password = uuid.uuid4().hex
    user = rec.call("identity", "POST /v3/users", "POST", "/users", json={"user": {
        "name": run.names.make("member"), "domain_id": "default", "password": password,
        "default_project_id": project["id"]}}).body["user"]
    run.made("user", lambda: run.conn.identity.delete(f"/users/{user['id']}"))
    rec.call("identity", "PUT /v3/projects/{id}/users/{id}/roles/{id}", "PUT",
             f"/projects/{project['id']}/users/{user['id']}/roles/{role['id']}")
    login = _password_auth({"id": user["id"], "password": password}, {"project": {"id": project["id"]}})
    member = rec.call("identity", "POST /v3/auth/tokens (member)", "POST", "/auth/tokens", json=login,
                      authenticated=False, values=["token.roles[].name"]).headers.get("x-subject-token", "")
    rec.call("identity", "GET /v3/auth/tokens (member validates its own)", "GET", "/auth/tokens",
             authenticated=False, headers={"X-Auth-Token": member, "X-Subject-Token": member})
    rec.call("identity", "GET /v3/auth/tokens (member validates an admin's)", "GET", "/auth/tokens",
             authenticated=False, headers={"X-Auth-Token": member, "X-Subject-Token": admin_token})


def image(run: Run) -> None:
    rec = run.rec
    rec.call("image", "GET / (version discovery)", "GET", run.root("image"), authenticated=False,
             values=["versions[].id", "versions[].status"])
    rec.call("image", "GET /v2/images?name=xenial", "GET", "/images?name=xenial",
             values=["images[].status", "images[].disk_format", "images[].container_format", "images[].visibility"])
    made = rec.call("image", "POST /v2/images", "POST", "/images", json={
        "name": run.names.make("image"), "disk_format": "raw", "container_format": "bare"},
        values=["status", "visibility", "protected", "size", "checksum", "self", "file", "schema"]).body
    run.made("image", lambda: run.conn.image.delete(f"/images/{made['id']}"))
    data = root_tarball()
    rec.call("image", "PUT /v2/images/{id}/file", "PUT", f"/images/{made['id']}/file", data=data,
             headers=OCTET_STREAM)
    rec.sequence("image", "upload", "status",
                 lambda: run.conn.image.get(f"/images/{made['id']}").json()["status"],
                 lambda status: status in ("active", "killed"), timeout=60)
    shown = rec.call("image", "GET /v2/images/{id} (active)", "GET", f"/images/{made['id']}",
                     values=["status", "disk_format", "os_hash_algo", "virtual_size"]).body
    rec.note("image", "GET /v2/images/{id} (active)", "size is the upload's", shown.get("size") == len(data))
    rec.note("image", "GET /v2/images/{id} (active)", "checksum is the upload's md5",
             shown.get("checksum") == hashlib.md5(data).hexdigest())  # noqa: S324 - Glance's own checksum
    download = rec.call("image", "GET /v2/images/{id}/file", "GET", f"/images/{made['id']}/file")
    rec.note("image", "GET /v2/images/{id}/file", "content-md5 is the upload's md5",
             download.headers.get("content-md5") == hashlib.md5(data).hexdigest())  # noqa: S324
    rec.call("image", "DELETE /v2/images/{id}", "DELETE", f"/images/{made['id']}")
    rec.call("image", "GET /v2/images/{id} (deleted)", "GET", f"/images/{made['id']}")


def network_reads(run: Run) -> dict[str, Any]:
    """The deployment's networks, router and agents; returns the internal network and subnet."""
    rec = run.rec
    rec.call("network", "GET / (version discovery)", "GET", run.root("network"), authenticated=False,
             values=["versions[].id", "versions[].status"])
    internal = rec.call("network", "GET /v2.0/networks?name=internal", "GET", "/networks?name=internal",
                        values=["networks[].status", "networks[].shared", "networks[].router:external",
                                "networks[].provider:network_type", "networks[].mtu"]).body["networks"][0]
    rec.call("network", "GET /v2.0/networks?name=ext_net", "GET", "/networks?name=ext_net",
             values=["networks[].router:external", "networks[].provider:network_type",
                     "networks[].provider:physical_network"])
    subnet = rec.call("network", "GET /v2.0/subnets?name=internal_subnet", "GET", "/subnets?name=internal_subnet",
                      values=["subnets[].cidr", "subnets[].gateway_ip", "subnets[].enable_dhcp",
                              "subnets[].allocation_pools[].start", "subnets[].dns_nameservers[]",
                              "subnets[].ipv6_address_mode"]).body["subnets"][0]
    router = rec.call("network", "GET /v2.0/routers?name=provider-router", "GET", "/routers?name=provider-router",
                      values=["routers[].status", "routers[].ha", "routers[].distributed",
                              "routers[].external_gateway_info.enable_snat"]).body["routers"][0]
    agent_values = ["agents[].agent_type", "agents[].binary", "agents[].alive", "agents[].admin_state_up",
                    "agents[].topic"]
    rec.call("network", "GET /v2.0/routers/{id}/l3-agents", "GET", f"/routers/{router['id']}/l3-agents",
             values=[*agent_values, "agents[].ha_state"])
    rec.call("network", "GET /v2.0/networks/{id}/dhcp-agents", "GET", f"/networks/{internal['id']}/dhcp-agents",
             values=agent_values)
    rec.call("network", "GET /v2.0/agents", "GET", "/agents", values=agent_values)
    rec.call("network", "GET /v2.0/ports/{unknown id}", "GET", f"/ports/{uuid.uuid4()}")
    return {"network": internal, "subnet": subnet}


def free_address(run: Run, subnet: dict[str, Any]) -> str:
    """A free address of the subnet's first pool, from its top end (Neutron hands out the low end)."""
    taken = {fixed["ip_address"] for port in run.conn.network.get(
        f"/ports?network_id={subnet['network_id']}").json()["ports"] for fixed in port["fixed_ips"]}
    pool = subnet["allocation_pools"][0]
    address = ipaddress.ip_address(pool["end"])
    while str(address) in taken:
        address -= 1
    return str(address)


def fixed_ip_ports(run: Run, where: dict[str, Any]) -> dict[str, Any]:
    """A port with a reserved address, then the same address again (409) and one outside the subnet (400);
    returns the port for a server to boot on."""
    rec, subnet = run.rec, where["subnet"]
    address = free_address(run, subnet)

    def port(op: str, ip: str, **values: Any):
        body = {"port": {"name": run.names.make("port"), "network_id": subnet["network_id"],
                         "fixed_ips": [{"subnet_id": subnet["id"], "ip_address": ip}]}}
        reply = rec.call("network", op, "POST", "/ports", json=body, **values)
        if reply.status == 201:
            made = reply.body["port"]
            run.made("port", lambda: run.conn.network.delete(f"/ports/{made['id']}"))
        return reply

    made = port("POST /v2.0/ports (fixed IP)", address, values=[
        "port.status", "port.device_owner", "port.device_id", "port.binding:vif_type", "port.binding:host_id",
        "port.binding:vnic_type", "port.admin_state_up", "port.port_security_enabled", "port.name"]).body["port"]
    rec.note("network", "POST /v2.0/ports (fixed IP)", "fixed_ips are the asked address",
             [f["ip_address"] for f in made["fixed_ips"]] == [address])
    port("POST /v2.0/ports (address taken)", address)
    port("POST /v2.0/ports (address outside the subnet)", address_outside(SimpleNamespace(cidr=subnet["cidr"])))
    return made
