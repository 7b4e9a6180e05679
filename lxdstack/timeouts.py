"""Every timeout and poll interval of the suite, in one place, scaled by `--timeout-scale` for slow clouds."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Timeouts:
    api_call: float = 30.0          # one HTTP request to the cloud
    retry_deadline: float = 60.0    # retrying an idempotent call that met transient errors (502/503/504, resets)
    preflight: float = 30.0         # reaching the cloud and authenticating, transient errors included
    juju_settle: float = 600.0      # a Juju model settling before the preflight gives up on it
    embedded_start: float = 30.0    # the embedded cloud printing its auth URL (our process: not scaled)
    server_boot: float = 300.0      # BUILD -> ACTIVE
    server_delete: float = 120.0    # delete -> gone
    image_active: float = 120.0     # queued -> active after upload
    port_active: float = 120.0      # DOWN -> ACTIVE once a server uses the port (the agent wires it)
    volume_ready: float = 300.0     # creating -> available, attaching -> in-use, detaching -> available
    volume_delete: float = 120.0    # deleting -> gone
    openssl: float = 30.0           # a local `openssl cms -verify` (our process: not scaled)
    poll_interval: float = 0.25     # first interval of a wait; grows up to poll_interval_max
    poll_interval_max: float = 5.0

    def scaled(self, factor: float) -> Timeouts:
        if factor <= 0:
            raise ValueError("timeout scale must be positive")
        keep = {"poll_interval", "poll_interval_max", "embedded_start", "openssl"}
        return Timeouts(**{f.name: getattr(self, f.name) * (1 if f.name in keep else factor)
                           for f in fields(self)})
