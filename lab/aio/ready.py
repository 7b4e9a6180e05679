"""The all-in-one's readiness gate: it is ready when a server could be booted and a volume made, not when ports
merely accept connections.

    .venv/bin/python lab/aio/ready.py START_EPOCH DEADLINE_SECONDS

Ready means, all through the public APIs as admin (and nova-manage for the cell mapping):
  - compute hosts `aio` and `lxd1` are mapped to a cell (nova-manage cell_v2 discover_hosts is run until they are),
  - a placement resource provider exists for each,
  - nova-conductor, nova-scheduler, nova-compute (hosts aio and lxd1: the lab LXD driver), cinder-scheduler (aio),
    cinder-volume (aio@fake) are up and their heartbeat ADVANCES after START: a row left from the previous run does
    not count, nor does the `updated_at` a service writes once as it starts. That matters for cinder-scheduler: at
    start it first waits (up to scheduler_driver_init_wait_time, 60 s) for cinder-volume's capabilities and only then
    starts its heartbeat timer, so a start-up write looks "up" for 20 s and then "down"; and while it waits it fails
    every volume create with "Could not find any available weighted backend" (seen once in CI);
  - cinder's scheduler knows a backend pool (GET /scheduler-stats/get_pools is not empty): it has the
    capabilities a volume create needs;
  - the stand-in Open vSwitch, DHCP and L3 agents on `aio` and the Open vSwitch agent on `lxd1` are alive with a
    heartbeat newer than START.
A process of ours that died fails the gate at once, naming its log. After the deadline the gate fails naming
everything that is not ready and why. Exit 0 ready, 1 not.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

from deploy import connect, env

HOST = "aio"
LXD_HOST = "lxd1"   # the second compute host: nova-compute with the lab LXD driver (lab/novalxd/)
COMPUTE_HOSTS = (HOST, LXD_HOST)
SERVICES = [("compute", "nova-conductor", HOST), ("compute", "nova-scheduler", HOST),
            ("compute", "nova-compute", HOST), ("compute", "nova-compute", LXD_HOST),
            ("volume", "cinder-scheduler", HOST), ("volume", "cinder-volume", f"{HOST}@fake")]
AGENTS = [(HOST, "Open vSwitch agent"), (HOST, "DHCP agent"), (HOST, "L3 agent"), (LXD_HOST, "Open vSwitch agent")]


def utc(stamp: str | None) -> dt.datetime | None:
    """The APIs' naive UTC timestamps ('2026-11-28T05:10:11.000000' or with ' ' or 'Z')."""
    if not stamp:
        return None
    return dt.datetime.fromisoformat(stamp.replace("Z", "").replace(" ", "T")).replace(tzinfo=dt.UTC)


def dead_processes() -> list[str]:
    """Services whose recorded process group leader is gone (or a zombie)."""
    dead = []
    for pidfile in sorted(Path(env("RUN")).glob("*.pid")):
        pid = pidfile.read_text().strip()
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            state = "X"
        if state in ("Z", "X"):
            dead.append(f"{pidfile.stem} exited (see {env('LOG')}/{pidfile.stem}*.log and .out)")
    return dead


def nova_manage(*args: str) -> str:
    cmd = [f"{env('BIN')}/nova-manage", "--config-file", f"{env('ETC')}/nova/nova.conf", "cell_v2", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, env={**os.environ}).stdout


def check(conn, since: dt.datetime, first_beats: dict[str, dt.datetime]) -> dict[str, str]:
    """What is not ready yet, each with the reason; empty when ready. `first_beats` keeps, across calls, the first
    fresh heartbeat seen of each service, so that only a later one counts."""
    waiting: dict[str, str] = {}
    rows = {("compute", s.binary, s.host): s for s in conn.compute.services()}
    rows |= {("volume", s.binary, s.host): s for s in conn.block_storage.services()}
    for kind, binary, host in SERVICES:
        row = rows.get((kind, binary, host))
        beat = utc(row.updated_at) if row else None
        if row is None:
            waiting[f"{binary} on {host}"] = "not registered yet"
        elif row.state != "up" or beat is None or beat <= since:
            waiting[f"{binary} on {host}"] = f"state {row.state}, last heartbeat {row.updated_at}"
        elif beat <= first_beats.setdefault(f"{binary} on {host}", beat):
            waiting[f"{binary} on {host}"] = f"heartbeat not advancing yet (still {row.updated_at})"
    if not list(conn.block_storage.backend_pools()):
        waiting["cinder-scheduler's backend pools"] = "none yet (no capabilities from cinder-volume)"
    agents = {(a.host, a.agent_type): a for a in conn.network.agents()}
    for host, kind in AGENTS:
        agent = agents.get((host, kind))
        beat = utc(agent.last_heartbeat_at) if agent else None
        if agent is None:
            waiting[f"{kind} on {host}"] = "not registered yet"
        elif not agent.is_alive or beat is None or beat <= since:
            waiting[f"{kind} on {host}"] = f"alive={agent.is_alive}, last heartbeat {agent.last_heartbeat_at}"
    for host in COMPUTE_HOSTS:
        if not list(conn.placement.resource_providers(name=host)):
            waiting[f"placement resource provider {host}"] = "not created yet (nova-compute makes it on start)"
    listed = nova_manage("list_hosts")
    unmapped = [host for host in COMPUTE_HOSTS if f" {host} " not in listed]
    if unmapped:
        # The compute node must exist before discover_hosts can map it; it is cheap to just try.
        nova_manage("discover_hosts")
        listed = nova_manage("list_hosts")
        for host in unmapped:
            if f" {host} " not in listed:
                waiting[f"compute host {host} mapped to a cell"] = "discover_hosts found no compute node yet"
    return waiting


def main(argv: list[str]) -> int:
    since = dt.datetime.fromtimestamp(float(argv[0]), tz=dt.UTC).replace(microsecond=0)
    deadline = time.monotonic() + float(argv[1])
    waiting: dict[str, str] = {"everything": "not checked yet"}
    first_beats: dict[str, dt.datetime] = {}
    while time.monotonic() < deadline:
        dead = dead_processes()
        if dead:
            print("aio: not ready: " + "; ".join(dead), file=sys.stderr)
            return 1
        try:
            waiting = check(connect(), since, first_beats)
        except Exception as error:  # an API still starting: 503, connection refused, a timeout
            waiting = {"the APIs": f"{type(error).__name__}: {str(error)[:200]}"}
        if not waiting:
            return 0
        time.sleep(2)
    print(f"aio: not ready after {argv[1]} s:", file=sys.stderr)
    for what, why in waiting.items():
        print(f"  - {what}: {why}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
