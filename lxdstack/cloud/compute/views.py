"""JSON shapes of Nova Newton's flavors, keypairs, services, hypervisors and zones (v2.1 with microversions).

Two time formats, as Nova has them: `isotime` (utils.isotime, second precision and a Z) where a view formats a
time itself, and `primitive` (oslo's jsonutils, microseconds and no zone) where it hands a datetime to the
serializer (keypairs' created_at, services' updated_at, instance actions).
"""

from __future__ import annotations

import json
from datetime import datetime

from lxdstack.cloud.compute.api import Context
from lxdstack.cloud.compute.flavors import Flavor
from lxdstack.cloud.compute.hosts import Service, Services
from lxdstack.cloud.compute.keypairs import Keypair


def isotime(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def primitive(moment: datetime | None) -> str | None:
    return None if moment is None else moment.strftime("%Y-%m-%dT%H:%M:%S.%f")


# -- flavors --------------------------------------------------------------------------------------------------
def flavor_brief(f: Flavor, ctx: Context) -> dict:
    return {"id": f.flavorid, "name": f.name, "links": ctx.links("flavors", f.flavorid)}


def flavor(f: Flavor, ctx: Context) -> dict:
    """views/flavors.py plus the always-loaded extensions' keys (ephemeral, disabled, is_public, rxtx_factor)."""
    return {
        **flavor_brief(f, ctx),
        "ram": f.ram,
        "disk": f.disk,
        "vcpus": f.vcpus,
        "swap": f.swap or "",  # Nova shows an empty string for no swap
        "OS-FLV-EXT-DATA:ephemeral": f.ephemeral,
        "OS-FLV-DISABLED:disabled": f.disabled,
        "os-flavor-access:is_public": f.is_public,
        "rxtx_factor": f.rxtx_factor,
    }


# -- keypairs -------------------------------------------------------------------------------------------------
def keypair(k: Keypair, ctx: Context, *, detail: bool = False) -> dict:
    """keypairs.py _filter_keypair: `type` from 2.2; the show call adds the database columns."""
    body: dict = {"name": k.name, "public_key": k.public_key, "fingerprint": k.fingerprint}
    if ctx.since("2.2"):
        body["type"] = k.type
    if detail:
        body.update(id=k.id, user_id=k.user_id, created_at=primitive(k.created_at), updated_at=None,
                    deleted=False, deleted_at=None)
    return body


_FLAGS = ("fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ss "
          "syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology cpuid pni pclmulqdq ssse3 fma cx16 pcid "
          "sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm abm "
          "fsgsbase bmi1 avx2 smep bmi2 erms invpcid xsaveopt arat")


# -- services, hypervisors, zones -----------------------------------------------------------------------------
def service(s: Service, ctx: Context, now: datetime) -> dict:
    body = {"id": s.id, "binary": s.binary, "host": s.host, "zone": s.zone,
            "status": "disabled" if s.disabled else "enabled", "state": "up" if s.up else "down",
            "updated_at": primitive(now), "disabled_reason": s.disabled_reason}
    if ctx.since("2.11"):
        body["forced_down"] = s.forced_down
    return body


def hypervisor(host: str, services: Services, usage: tuple[int, int, int, int], ctx: Context,
               *, detail: bool) -> dict:
    """hypervisors.py _view_hypervisor; `usage` is (vcpus, memory MB, disk GB, servers) used on the host."""
    s = services.compute(host)
    assert s is not None
    body: dict = {"id": services.node_ids[host], "hypervisor_hostname": host, "state": "up" if s.up else "down",
                  "status": "disabled" if s.disabled else "enabled"}
    if not detail:
        return body
    size = services.size
    vcpus_used, ram_used, disk_used, running = usage
    ram_used += size.reserved_memory_mb
    body.update(
        vcpus=size.vcpus, memory_mb=size.memory_mb, local_gb=size.local_gb, vcpus_used=vcpus_used,
        memory_mb_used=ram_used, local_gb_used=disk_used, hypervisor_type="lxd", hypervisor_version=11,
        free_ram_mb=size.memory_mb - ram_used, free_disk_gb=size.local_gb - disk_used, current_workload=0,
        running_vms=running, disk_available_least=size.local_gb - disk_used,
        host_ip=f"10.0.8.{10 + services.node_ids[host]}",
        service={"host": host, "id": s.id, "disabled_reason": s.disabled_reason},
    )
    # nova-lxd's get_available_resource (nova/virt/lxd/driver.py): lscpu's text as is (numbers stay strings) and
    # /proc/cpuinfo's `flags` line, one string, as the features; here a KVM guest with a Haswell-noTSX CPU.
    cpu = {"arch": "x86_64", "features": _FLAGS, "model": "Intel Core Processor (Haswell, no TSX)",
           "topology": {"sockets": "1", "cores": str(size.vcpus // 2), "threads": "2"}, "vendor": "GenuineIntel"}
    # 2.28 turned cpu_info from a JSON string into an object
    body["cpu_info"] = cpu if ctx.since("2.28") else json.dumps(cpu)
    return body


def zone(name: str, available: bool, hosts: dict | None = None) -> dict:
    return {"zoneName": name, "zoneState": {"available": available}, "hosts": hosts}
