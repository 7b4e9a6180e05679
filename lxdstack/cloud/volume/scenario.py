"""The `volume:` section of a scenario: Cinder's services, its default volume type and its default quotas.

The defaults are the seed's Juju cloud: charm-cinder with the cinder-ceph subordinate, a stateless backend, so
the charm sets `host = cinder` for every Cinder service (charm-cinder @ ea45357 : hooks/cinder_contexts.py,
CinderSubordinateConfigContext) and cinder-ceph names the backend after itself (`backend_name=service_name()`,
charm-cinder-ceph : hooks/cinder_hooks.py storage_backend): the scheduler runs on host `cinder`, the volume
service on `cinder@cinder-ceph`. Neither charm creates a volume type, so there is no default type; the quotas
are Cinder Newton's defaults (cinder/quota.py quota_volumes 10, quota_gigabytes 1000).

A service that is not `up` stopped sending heartbeats before the cloud started: with no cinder-volume up, the
scheduler finds no host and new volumes end in `error` (with a user message); with no cinder-scheduler up, the
request waits in the queue and new volumes stay `creating`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Binary = Literal["cinder-scheduler", "cinder-volume"]


class _Model(BaseModel):
    # the same rules as every scenario section (lxdstack/cloud/scenario.py), which imports this module
    model_config = ConfigDict(extra="forbid", frozen=True)


class Service(_Model):
    """One Cinder service; a cinder-volume host is `host@backend` (its pool is the backend's name)."""

    binary: Binary
    host: str
    zone: str = "nova"
    up: bool = True

    @model_validator(mode="after")
    def _volume_hosts_name_a_backend(self) -> Service:
        if self.binary == "cinder-volume" and "@" not in self.host:
            raise ValueError(f"a cinder-volume host is `host@backend`, got `{self.host}`")
        return self


class Quotas(_Model):
    """A project's quotas (every project has the defaults; -1 is unlimited, as in Cinder)."""

    volumes: int = Field(10, ge=-1)
    gigabytes: int = Field(1000, ge=-1)


SEED_SERVICES = [
    Service(binary="cinder-scheduler", host="cinder"),
    Service(binary="cinder-volume", host="cinder@cinder-ceph"),
]


class Volume(_Model):
    services: list[Service] = SEED_SERVICES
    default_type: str | None = None
    quotas: Quotas = Quotas()
