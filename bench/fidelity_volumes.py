"""The block storage operations of `bench/fidelity.py`: Cinder's discovery, services, types and quotas; a volume
created, attached to a server through Nova, detached and deleted; a volume over quota (413); a volume the
scheduler cannot place, and the user message Cinder keeps about it."""

from __future__ import annotations

import time
from typing import Any

from fidelity_probes import Run
from fidelity_record import Recorder
from fidelity_servers import boot, delete_server
from openstack.connection import Connection

STATUS = lambda volume: None if volume is None else volume["status"]  # noqa: E731
VOLUME_VALUES = ["volume.status", "volume.bootable", "volume.encrypted", "volume.multiattach", "volume.volume_type",
                 "volume.replication_status", "volume.availability_zone", "volume.consistencygroup_id",
                 "volume.os-vol-host-attr:host"]
MESSAGES = "3.3"


def _volume(run: Run, volume_id: str, conn: Connection | None = None) -> dict[str, Any] | None:
    reply = (conn or run.conn).block_storage.get(f"/volumes/{volume_id}", raise_exc=False,
                                                 microversion=run.microversions["block-storage"])
    return None if reply.status_code == 404 else reply.json()["volume"]


def volumes(run: Run) -> None:
    rec, mv = run.rec, run.microversions["block-storage"]
    project = run.conn.current_project_id
    rec.call("block-storage", "GET / (version discovery)", "GET", run.root("block-storage"), authenticated=False,
             values=["versions[].id", "versions[].status", "versions[].version", "versions[].min_version"])
    rec.call("block-storage", "GET /os-services", "GET", "/os-services", microversion=mv,
             values=["services[].binary", "services[].state", "services[].status", "services[].zone"])
    rec.call("block-storage", "GET /types", "GET", "/types", microversion=mv, values=["volume_types[].name"])
    rec.call("block-storage", "GET /os-quota-sets/{project}", "GET", f"/os-quota-sets/{project}", microversion=mv,
             values=["quota_set.volumes", "quota_set.gigabytes", "quota_set.snapshots"])
    rec.call("block-storage", "GET /os-quota-sets/{project}?usage=True", "GET",
             f"/os-quota-sets/{project}?usage=True", microversion=mv)
    rec.call("block-storage", "POST /volumes (over the gigabytes quota)", "POST", "/volumes", microversion=mv,
             json={"volume": {"name": run.names.make("toobig"), "size": 100000}})

    volume = _create(run, rec, "POST /volumes")
    vid = volume["id"]
    rec.sequence("block-storage", "POST /volumes", "status", lambda: STATUS(_volume(run, vid)),
                 lambda status: status in ("available", "error"), timeout=120)
    rec.call("block-storage", "GET /volumes/{id} (available)", "GET", f"/volumes/{vid}", microversion=mv,
             values=VOLUME_VALUES)
    rec.call("block-storage", "GET /volumes/detail", "GET", "/volumes/detail", microversion=mv)
    _attach_detach(run, vid)
    rec.call("block-storage", "DELETE /volumes/{id}", "DELETE", f"/volumes/{vid}", microversion=mv)
    rec.sequence("block-storage", "DELETE /volumes/{id}", "status", lambda: STATUS(_volume(run, vid)),
                 lambda status: status is None or status.startswith("error"), timeout=120)
    rec.call("block-storage", "GET /volumes/{id} (deleted)", "GET", f"/volumes/{vid}", microversion=mv)
    _unplaceable(run)


def _create(run: Run, rec: Recorder, op: str, **extra: Any) -> dict[str, Any]:
    body = {"volume": {"name": run.names.make("volume"), "size": 1, **extra}}
    made = rec.call("block-storage", op, "POST", "/volumes", json=body, microversion=run.microversions["block-storage"],
                    values=VOLUME_VALUES).body["volume"]
    run.made("volume", lambda: _delete_volume(run, rec.conn, made["id"]))
    return made


def _delete_volume(run: Run, conn, volume_id: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        volume = _volume(run, volume_id, conn)
        if volume is None:
            return
        if volume["status"] in ("available", "error") and not volume["attachments"]:
            conn.block_storage.delete(f"/volumes/{volume_id}", raise_exc=False)
        time.sleep(0.5)
    raise TimeoutError(f"volume {volume_id} is still there")


def _attach_detach(run: Run, vid: str) -> None:
    rec, mv, vmv = run.rec, run.microversions["compute"], run.microversions["block-storage"]
    server = boot(run, "POST /servers (to attach a volume to)", "none")
    sid = server["id"]
    attachments = f"/servers/{sid}/os-volume_attachments"
    rec.call("compute", "POST /servers/{id}/os-volume_attachments", "POST", attachments, microversion=mv,
             json={"volumeAttachment": {"volumeId": vid}}, values=["volumeAttachment.device"])
    rec.sequence("block-storage", "attach through Nova", "status", lambda: STATUS(_volume(run, vid)),
                 lambda status: status in ("in-use", "error", "available"), timeout=120)
    rec.call("block-storage", "GET /volumes/{id} (in-use)", "GET", f"/volumes/{vid}", microversion=vmv,
             values=[*VOLUME_VALUES, "volume.attachments[].device", "volume.attach_status",
                     "volume.metadata.attached_mode"])
    rec.call("compute", "GET /servers/{id}/os-volume_attachments", "GET", attachments, microversion=mv,
             values=["volumeAttachments[].device"])
    rec.call("compute", "GET /servers/{id}/os-volume_attachments/{volume}", "GET", f"{attachments}/{vid}",
             microversion=mv)
    rec.call("compute", "DELETE /servers/{id}/os-volume_attachments/{volume}", "DELETE", f"{attachments}/{vid}",
             microversion=mv)
    rec.sequence("block-storage", "detach through Nova", "status", lambda: STATUS(_volume(run, vid)),
                 lambda status: status in ("available", "error"), timeout=120)
    rec.call("block-storage", "GET /volumes/{id} (detached)", "GET", f"/volumes/{vid}", microversion=vmv,
             values=["volume.attachments", "volume.status"])
    delete_server(run, sid)


def _unplaceable(run: Run) -> None:
    """A volume no backend can take: on the real cloud a volume type naming no backend, on the embedded one a
    cloud whose cinder-volume is down (both are Cinder's NoValidHost); then its user message."""
    rec, mv = run.rec.sharing(run.failing_volumes), run.microversions["block-storage"]
    conn = rec.conn
    extra: dict[str, Any] = {}
    if run.real:
        made = conn.block_storage.post("/types", microversion=mv, json={"volume_type": {
            "name": run.names.make("type"), "extra_specs": {"volume_backend_name": run.names.make("nowhere")}}})
        kind = made.json()["volume_type"]
        run.made("volume type", lambda: conn.block_storage.delete(f"/types/{kind['id']}", raise_exc=False))
        extra["volume_type"] = kind["id"]
    volume = _create(run, rec, "POST /volumes (no backend can take it)", **extra)
    rec.sequence("block-storage", "POST /volumes (no backend can take it)", "status",
                 lambda: STATUS(_volume(run, volume["id"], conn)), lambda status: status in ("available", "error"),
                 timeout=120)
    shown = _volume(run, volume["id"], conn) or {}
    rec.note("block-storage", "GET /volumes/{id} (error)", "host", shown.get("os-vol-host-attr:host"))
    found = conn.block_storage.get("/messages", microversion=MESSAGES).json()["messages"]
    messages = [m for m in found if m.get("resource_uuid") == volume["id"]]
    for message in messages:
        run.made("user message", lambda m=message: conn.block_storage.delete(
            f"/messages/{m['id']}", microversion=MESSAGES, raise_exc=False))
    rec.note("block-storage", "GET /messages (3.3)", "messages about the volume", len(messages))
    if messages:
        rec.call("block-storage", "GET /messages/{id} (3.3)", "GET", f"/messages/{messages[0]['id']}",
                   microversion=MESSAGES, values=["message.event_id", "message.user_message",
                                                  "message.message_level", "message.resource_type"])
        rec.call("block-storage", "GET /messages/{id} (3.0)", "GET", f"/messages/{messages[0]['id']}",
                   microversion="3.0")
