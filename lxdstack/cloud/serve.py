"""`lxdstack cloud serve`: validate the inputs, bind loopback, write client config, announce, serve.

Order matters to the caller (`lxdstack.embedded` and people): every input error is found before anything is
bound or written; the sockets listen before the `auth_url=` line is printed (the LXD sockets too),
so the cloud is reachable as soon as that line is read; after the announced lines nothing more goes to stdout, so
a caller may stop reading it. The LXD sockets' private folder, and Keystone's signing files, are removed however
serving ends (short of SIGKILL).
"""

from __future__ import annotations

import ipaddress
import sys
from pathlib import Path
from typing import TextIO

from lxdstack.cloud.client_config import (
    ClientConfigError,
    cloud_entry,
    read_clouds_yaml,
    write_clouds_yaml,
    write_novarc,
)
from lxdstack.cloud.scenario import ScenarioError, load_scenario

PROG = "lxdstack cloud serve"


class UsageError(ValueError):
    """A command-line value the cloud refuses; `str()` is one line."""


def loopback_address(host: str) -> str:
    """The IP address to bind for `host`, which must be loopback (127.0.0.0/8, localhost or ::1)."""
    if host == "localhost":
        return "127.0.0.1"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise UsageError(f"--host {host}: not an IP address; the embedded cloud binds loopback only") from None
    if not address.is_loopback:
        raise UsageError(f"--host {host}: not a loopback address; the embedded cloud binds 127.0.0.0/8 or ::1 only")
    return str(address)


def serve(
    scenario_ref: str,
    host: str,
    port: int,
    password: str,
    clouds_yaml: Path,
    novarc: Path | None,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Run the embedded cloud until SIGTERM or SIGINT; the exit status (2 for input errors)."""
    clouds_yaml, novarc = clouds_yaml.absolute(), novarc.absolute() if novarc else None
    try:
        scenario = load_scenario(scenario_ref)
        address = loopback_address(host)
        existing = read_clouds_yaml(clouds_yaml)
    except (ScenarioError, UsageError, ClientConfigError) as error:
        print(f"{PROG}: error: {error}", file=err)
        return 2

    # Imported only now: the web stack is most of the start-up time, and input errors should not wait for it.
    from lxdstack.cloud.core.app import build_app
    from lxdstack.cloud.core.server import Server, bind_loopback
    from lxdstack.cloud.core.state import CloudState
    from lxdstack.cloud.lxd.app import build_lxd_app
    from lxdstack.cloud.lxd.hosts import ComputeHostLxd, LxdDocuments, PlatformLxd, guests_of
    from lxdstack.cloud.lxd.sockets import bind_host_sockets

    try:
        sock = bind_loopback(address, port)
    except OSError as error:
        print(f"{PROG}: error: cannot listen on {address} port {port}: {error.strerror}", file=err)
        return 1
    try:
        # Next to clouds.yaml: the run's own folder when the suite starts the cloud.
        # the compute hosts, then the host Juju deployed on
        names = [*(host.name for host in scenario.compute.hosts), scenario.platform.name]
        hosts = bind_host_sockets(list(dict.fromkeys(names)), near=clouds_yaml.parent)
    except OSError as error:
        sock.close()
        print(f"{PROG}: error: cannot make the LXD sockets: {error.strerror or error}", file=err)
        return 1
    cloud = None
    try:
        bound_port = sock.getsockname()[1]
        base_url = f"http://[{address}]:{bound_port}" if ":" in address else f"http://{address}:{bound_port}"
        auth_url = f"{base_url}/identity/v3"
        cloud = CloudState(scenario, base_url, password)
        cloud.lxd_sockets = {name: str(path) for name, path in hosts.paths.items()}
        server = Server(build_app(cloud))
        state = cloud  # read when asked: a reset replaces the compute service
        lxds: dict[str, LxdDocuments] = {
            host.name: ComputeHostLxd(host, lambda name=host.name: guests_of(state.compute, state.network, name))
            for host in scenario.compute.hosts}
        lxds[scenario.platform.name] = PlatformLxd(scenario.platform)  # the host Juju deployed on
        for name, host_sock in hosts.sockets.items():
            server.add(build_lxd_app(lxds[name]), host_sock)
        try:
            write_clouds_yaml(clouds_yaml, existing, cloud_entry(auth_url, password, scenario.region))
            if novarc is not None:
                write_novarc(novarc, auth_url, password, scenario.region)
        except OSError as error:
            print(f"{PROG}: error: cannot write {error.filename}: {error.strerror}", file=err)
            return 1
        lines = [f"auth_url={auth_url}", f"clouds_yaml={clouds_yaml}"]
        if novarc is not None:
            lines.append(f"novarc={novarc}")
        out.write("".join(f"{line}\n" for line in lines))
        out.flush()
        server.serve(sock)
        return 0
    finally:
        hosts.close()  # the sockets exist only while the cloud runs
        if cloud is not None:
            cloud.close()  # and so do Keystone's signing files
