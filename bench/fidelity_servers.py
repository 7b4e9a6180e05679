"""The compute operations of `bench/fidelity.py`: discovery, flavors, keypairs, services, hypervisors, servers on
no network, on a port, on a network and on a host that does not exist (a fault), console output, instance
actions, deletion; and booting a server for the volume operations (`fidelity_volumes.py`) to attach to."""

from __future__ import annotations

import time
import uuid
from typing import Any

from fidelity_probes import Run

from lxdstack.keys import new_key

SERVER_PARTS = ("status", "OS-EXT-STS:task_state", "OS-EXT-STS:vm_state", "OS-EXT-STS:power_state")
SERVICES_DEADLINE = 900.0  # someone may be restarting a real cloud's services: wait for them, never touch them


def _wait_services_up(run: Run) -> None:
    """nova-compute and cinder-volume up on the cloud before anything is booted or created (not recorded)."""
    deadline = time.monotonic() + SERVICES_DEADLINE
    while True:
        found = [(s["binary"], s["state"]) for s in run.conn.compute.get("/os-services").json()["services"]]
        found += [(s["binary"], s["state"]) for s in run.conn.block_storage.get("/os-services").json()["services"]]
        down = sorted({b for b, _ in found if b in ("nova-compute", "cinder-volume")} - {b for b, s in found
                                                                                       if s == "up"})
        if not down:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"{', '.join(down)} stayed down on {run.rec.record.label}")
        print(f"{run.rec.record.label}: {', '.join(down)} down; waiting", flush=True)
        time.sleep(10)


def _server(run: Run, server_id: str) -> dict[str, Any] | None:
    reply = run.conn.compute.get(f"/servers/{server_id}", microversion=run.microversions["compute"],
                                 raise_exc=False)
    return None if reply.status_code == 404 else reply.json()["server"]


def _port(run: Run, port_id: str) -> dict[str, Any] | None:
    reply = run.conn.network.get(f"/ports/{port_id}", raise_exc=False)
    return None if reply.status_code == 404 else reply.json()["port"]


def _parts(resource: dict[str, Any] | None, parts: tuple[str, ...]) -> tuple | None:
    return None if resource is None else tuple(resource.get(part) for part in parts)


def boot(run: Run, op: str, networks: Any, port_id: str | None = None, **extra: Any) -> dict[str, Any]:
    """POST /servers, recorded, its deletion registered; then the status sequence to ACTIVE or ERROR (with the
    port's status beside it when booting on a port)."""
    _wait_services_up(run)
    rec, mv = run.rec, run.microversions["compute"]
    image = run.conn.image.get("/images?name=xenial").json()["images"][0]
    flavor = next(f for f in run.conn.compute.get("/flavors").json()["flavors"] if f["name"] == "m1.tiny")
    body = {"server": {"name": run.names.make("server"), "imageRef": image["id"], "flavorRef": flavor["id"],
                       "networks": networks, **extra}}
    made = rec.call("compute", op, "POST", "/servers", json=body, microversion=mv,
                    values=["server.OS-DCF:diskConfig", "server.security_groups[].name"]).body["server"]
    run.made("server", lambda: delete_server(run, made["id"]))
    if port_id is None:
        fetch = lambda: _parts(_server(run, made["id"]), SERVER_PARTS)  # noqa: E731
    else:
        fetch = lambda: (*(_parts(_server(run, made["id"]), SERVER_PARTS) or ()),  # noqa: E731
                         (_port(run, port_id) or {}).get("status"))
    parts = (*SERVER_PARTS, "port status") if port_id else SERVER_PARTS
    rec.sequence("compute", op, parts, fetch, lambda v: bool(v) and v[0] in ("ACTIVE", "ERROR")
                 and (port_id is None or v[0] == "ERROR" or v[-1] == "ACTIVE"))
    return _server(run, made["id"]) or made


def delete_server(run: Run, server_id: str) -> None:
    run.conn.compute.delete(f"/servers/{server_id}", raise_exc=False)
    deadline = time.monotonic() + 120
    while _server(run, server_id) is not None and time.monotonic() < deadline:
        time.sleep(0.5)


def compute(run: Run, where: dict[str, Any], port: dict[str, Any]) -> None:
    rec, mv = run.rec, run.microversions["compute"]
    rec.call("compute", "GET / (version discovery)", "GET", run.root("compute"), authenticated=False,
             values=["versions[].id", "versions[].status", "versions[].version", "versions[].min_version"])
    rec.call("compute", "GET /flavors/detail", "GET", "/flavors/detail", microversion=mv,
             values=["flavors[].name", "flavors[].OS-FLV-EXT-DATA:ephemeral", "flavors[].os-flavor-access:is_public"])
    key = new_key("fid")
    name = run.names.make("key")
    rec.call("compute", "POST /os-keypairs (import)", "POST", "/os-keypairs", microversion=mv,
             json={"keypair": {"name": name, "public_key": key.public_key}}, values=["keypair.type"])
    run.made("keypair", lambda: run.conn.compute.delete(f"/os-keypairs/{name}", raise_exc=False))
    shown = rec.call("compute", "GET /os-keypairs/{name}", "GET", f"/os-keypairs/{name}", microversion=mv).body
    rec.note("compute", "GET /os-keypairs/{name}", "fingerprint is the key's",
             shown["keypair"]["fingerprint"] == key.fingerprint)
    rec.call("compute", "GET /os-keypairs", "GET", "/os-keypairs", microversion=mv)
    rec.call("compute", "DELETE /os-keypairs/{name}", "DELETE", f"/os-keypairs/{name}", microversion=mv)
    rec.call("compute", "GET /os-keypairs/{name} (deleted)", "GET", f"/os-keypairs/{name}", microversion=mv)
    rec.call("compute", "GET /os-services", "GET", "/os-services", microversion=mv,
             values=["services[].binary", "services[].state", "services[].status", "services[].zone",
                     "services[].forced_down"])
    rec.call("compute", "GET /os-hypervisors/detail", "GET", "/os-hypervisors/detail", microversion=mv,
             values=["hypervisors[].hypervisor_type", "hypervisors[].state", "hypervisors[].status"])
    rec.call("compute", "GET /servers/{unknown id}", "GET", f"/servers/{uuid.uuid4()}", microversion=mv)

    server = boot(run, "POST /servers (networks none)", "none")
    sid = server["id"]
    rec.call("compute", "GET /servers/{id} (ACTIVE)", "GET", f"/servers/{sid}", microversion=mv,
             values=["server.addresses", "server.OS-EXT-STS:power_state", "server.locked", "server.tags",
                     "server.description", "server.host_status", "server.OS-DCF:diskConfig"])
    rec.call("compute", "GET /servers", "GET", "/servers", microversion=mv)
    rec.call("compute", "GET /servers/detail", "GET", "/servers/detail", microversion=mv)
    rec.call("compute", "POST /servers/{id}/action (os-getConsoleOutput)", "POST", f"/servers/{sid}/action",
             microversion=mv, json={"os-getConsoleOutput": {"length": 3}}, values=["output"])
    rec.call("compute", "GET /servers/{id}/os-instance-actions", "GET", f"/servers/{sid}/os-instance-actions",
             microversion=mv, values=["instanceActions[].action", "instanceActions[].message"])
    rec.call("compute", "DELETE /servers/{id}", "DELETE", f"/servers/{sid}", microversion=mv)
    rec.sequence("compute", "DELETE /servers/{id}", SERVER_PARTS[:2],
                 lambda: _parts(_server(run, sid), SERVER_PARTS[:2]), lambda v: v is None, timeout=120)
    rec.call("compute", "GET /servers/{id} (deleted)", "GET", f"/servers/{sid}", microversion=mv)

    _on_port(run, port)
    _on_network(run, where["network"])
    failed = boot(run, "POST /servers (forced to a host that does not exist)", "none",
                  availability_zone=f"nova:{run.names.make('nohost')}")
    rec.call("compute", "GET /servers/{id} (ERROR)", "GET", f"/servers/{failed['id']}", microversion=mv,
             values=["server.status", "server.fault.code", "server.fault.message", "server.OS-EXT-SRV-ATTR:host"])
    delete_server(run, failed["id"])


def _on_port(run: Run, port: dict[str, Any]) -> None:
    rec, mv = run.rec, run.microversions["compute"]
    address = port["fixed_ips"][0]["ip_address"]
    server = boot(run, "POST /servers (networks port)", [{"port": port["id"]}], port_id=port["id"])
    rec.call("compute", "GET /servers/{id} (on a port)", "GET", f"/servers/{server['id']}", microversion=mv,
             values=["server.addresses.internal[].OS-EXT-IPS:type", "server.addresses.internal[].version"])
    rec.note("compute", "GET /servers/{id} (on a port)", "addresses are the port's",
             [a["addr"] for a in server["addresses"].get("internal", [])] == [address])
    bound = rec.call("network", "GET /v2.0/ports/{id} (bound to a server)", "GET", f"/ports/{port['id']}",
                     values=["port.status", "port.device_owner", "port.binding:vif_type", "port.binding:vnic_type",
                             "port.binding:vif_details", "port.binding:profile"]).body["port"]
    rec.note("network", "GET /v2.0/ports/{id} (bound to a server)", "device_id is the server",
             bound["device_id"] == server["id"])
    rec.note("network", "GET /v2.0/ports/{id} (bound to a server)", "binding:host_id is the server's host",
             bound.get("binding:host_id") == server.get("OS-EXT-SRV-ATTR:host"))
    run.conn.compute.delete(f"/servers/{server['id']}")
    rec.sequence("network", "port after its server's deletion", ("server status", "port status", "device_owner"),
                 lambda: ((_server(run, server["id"]) or {}).get("status", "(gone)"),
                          *_parts(_port(run, port["id"]) or {}, ("status", "device_owner"))),
                 lambda v: v[0] == "(gone)" and v[1] == "DOWN", timeout=120)
    rec.call("network", "GET /v2.0/ports/{id} (server deleted)", "GET", f"/ports/{port['id']}",
             values=["port.status", "port.device_id", "port.device_owner", "port.binding:host_id",
                     "port.binding:vif_type"])


def _on_network(run: Run, network: dict[str, Any]) -> None:
    rec, mv = run.rec, run.microversions["compute"]
    server = boot(run, "POST /servers (networks network)", [{"uuid": network["id"]}])
    rec.call("network", "GET /v2.0/ports?device_id={server}", "GET", f"/ports?device_id={server['id']}",
             values=["ports[].status", "ports[].device_owner", "ports[].name", "ports[].binding:vif_type"])
    rec.call("compute", "GET /servers/{id} (on a network)", "GET", f"/servers/{server['id']}", microversion=mv,
             values=["server.addresses.internal[].OS-EXT-IPS:type"])
    delete_server(run, server["id"])
    rec.call("network", "GET /v2.0/ports?device_id={server} (server deleted)", "GET",
             f"/ports?device_id={server['id']}")
