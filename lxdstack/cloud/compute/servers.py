"""Nova's instances, their state as time passes, and their instance actions. No HTTP here.

A server's outcome is decided at creation (scheduler.py); what the API shows is computed from the cloud's clock
when asked: BUILD (scheduling, then on the host being tried networking, block_device_mapping and spawning, as
Newton's compute manager steps through them) until `pace.boot_seconds` after creation, then ACTIVE or ERROR.
Nothing runs in the background, so moving the clock forward is all a test needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from lxdstack.cloud.compute.block_devices import BlockDevice
from lxdstack.cloud.compute.flavors import Flavor
from lxdstack.cloud.compute.scheduler import Fault, Outcome

# nova/compute/power_state.py
NOSTATE, RUNNING = 0, 1
BUILD_EVENT = "compute__do_build_and_run_instance"  # wrap_instance_event(prefix='compute') on the manager
# The task states of a build on a host (nova/compute/manager.py _build_resources, then spawn), each from this
# fraction of the host's slice of the boot time. A reschedule keeps the network allocated: no `networking` again.
_BUILD_TASKS = ((0.0, "networking"), (0.1, "block_device_mapping"), (0.15, "spawning"))


@dataclass(frozen=True)
class Phase:
    """What the API shows of a server at one moment."""

    status: str
    vm_state: str
    task_state: str | None
    power_state: int
    host: str | None
    updated: datetime
    fault: Fault | None = None
    launched_at: datetime | None = None


@dataclass(frozen=True)
class Event:
    name: str
    start_time: datetime
    finish_time: datetime | None
    result: str | None
    traceback: str | None = None


@dataclass(frozen=True)
class Action:
    action: str
    request_id: str
    user_id: str
    project_id: str
    start_time: datetime
    message: str | None = None


@dataclass
class Server:
    uuid: str
    number: int  # Nova's integer instance id, which names the LXD container (instance_name_template)
    name: str
    project_id: str
    user_id: str
    flavor: Flavor  # Nova embeds the flavor in the instance: deleting the flavor later changes nothing here
    image_id: str
    image_name: str
    created: datetime
    boot_seconds: float
    outcome: Outcome
    key_name: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    zone: str | None = None  # as requested (forced host apart)
    security_groups: list[str] = field(default_factory=lambda: ["default"])
    config_drive: bool = False
    user_data: str | None = None
    description: str | None = None
    access_ipv4: str = ""
    access_ipv6: str = ""
    reservation_id: str = ""
    actions: list[Action] = field(default_factory=list)
    renamed_at: datetime | None = None
    block_devices: list[BlockDevice] = field(default_factory=list)  # attached volumes

    @property
    def instance_name(self) -> str:
        return f"instance-{self.number:08x}"

    @property
    def hostname(self) -> str:
        """utils.sanitize_hostname of the display name, as Nova sets the instance's hostname."""
        name = re.sub(r"[ _]", "-", self.name)
        name = re.sub(r"[^\w.-]+", "", name, flags=re.ASCII).lower().strip(".-")[:63]
        return name or f"server-{self.uuid}"

    @property
    def ready_at(self) -> datetime:
        return self.created + timedelta(seconds=self.boot_seconds)

    @property
    def plugged_at(self) -> datetime:
        """When spawning starts on the host the build ends on: nova-lxd plugs the server's ports then."""
        spawning = next(start for start, name in _BUILD_TASKS if name == "spawning")
        return self.created + self._slice() * (len(self.outcome.attempts) + spawning)

    def _slice(self) -> timedelta:
        # scheduling takes one slice of the boot time, each host tried one more
        return timedelta(seconds=self.boot_seconds / (len(self.outcome.attempts) + 1))

    def phase(self, now: datetime) -> Phase:
        updated = max(self.created, self.renamed_at or self.created)
        if self.outcome.stuck or now < self.ready_at:
            position = (now - self.created) / self._slice() if self.boot_seconds else 0.0
            elapsed = int(position)
            if self.outcome.stuck or elapsed < 1 or not self.outcome.attempts:
                return Phase("BUILD", "building", "scheduling", NOSTATE, None, updated)
            attempt = min(elapsed, len(self.outcome.attempts))
            tasks = _BUILD_TASKS if attempt == 1 else _BUILD_TASKS[1:]
            task = tasks[0][1]
            for start, name in tasks:
                if position - elapsed >= start:
                    task = name
            return Phase("BUILD", "building", task, NOSTATE, self.outcome.attempts[attempt - 1].host, updated)
        updated = max(updated, self.ready_at)
        if self.outcome.host is not None:
            return Phase("ACTIVE", "active", None, RUNNING, self.outcome.host, updated, launched_at=self.ready_at)
        return Phase("ERROR", "error", None, NOSTATE, None, updated, fault=self.outcome.fault)

    def events(self, now: datetime) -> list[Event]:
        """One build event per host tried, as far as the clock has got.

        Nova records `Success` even for a host whose driver failed: `_do_build_and_run_instance` handles the
        failure (reschedule, or fault and ERROR) and returns normally, so its event reporter sees no exception
        (measured on real Nova: the failed host's event reads Success).
        """
        step = self._slice()
        found = []
        for index, _attempt in enumerate(self.outcome.attempts, start=1):
            start, finish = self.created + step * index, self.created + step * (index + 1)
            if start > now:
                break
            done = finish <= now
            found.append(Event(BUILD_EVENT, start, finish if done else None, "Success" if done else None))
        return found
