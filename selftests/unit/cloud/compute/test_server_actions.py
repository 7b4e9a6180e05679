"""Console output and instance actions."""

from __future__ import annotations

import uuid

import pytest


def console(n, server_id: str, length=None, token=None):
    body = {"os-getConsoleOutput": {} if length is None else {"length": length}}
    return n.call("POST", f"/servers/{server_id}/action", token, json=body)


def test_console_output_of_an_active_server_names_it(nova) -> None:
    n = nova()
    server_id = n.boot("Console Box", token=n.member)
    n.settled(server_id, n.member)
    whole = console(n, server_id, token=n.member)
    assert whole.status_code == 200, whole.text
    output = whole.json()["output"]
    assert "Set hostname to <console-box>." in output and output.rstrip().endswith("console-box login:")
    tail = console(n, server_id, length=2, token=n.member).json()["output"]
    assert tail == "\n".join(output.split("\n")[-2:])
    assert console(n, server_id, length="0").json() == {"output": ""}
    assert console(n, server_id, length=-1).json()["output"] == output
    assert console(n, server_id, length=-2).status_code == 400


@pytest.mark.parametrize(("flavor", "advance"), [("1", 0), ("2", 2)], ids=["building", "error"])
def test_console_output_without_a_host_is_409(nova, flavor: str, advance: float) -> None:
    n = nova()
    server_id = n.boot("nohost", flavor=flavor)
    n.advance(advance)
    response = console(n, server_id)
    assert response.status_code == 409
    assert response.json() == {"conflictingRequest": {"code": 409, "message": f"Instance {server_id} is not ready"}}


def test_other_server_actions_are_501_naming_them(nova) -> None:
    n = nova()
    server_id = n.boot("acts")
    response = n.call("POST", f"/servers/{server_id}/action", json={"reboot": {"type": "SOFT"}})
    assert response.status_code == 501
    assert response.json()["notImplemented"]["message"] == \
        "The embedded cloud does not implement the server action reboot"
    missing = str(uuid.uuid4())
    assert console(n, missing).status_code == 404


def test_create_is_an_instance_action_under_the_create_request_s_id(nova) -> None:
    n = nova()
    response = n.boot_request("acted", token=n.member)
    server_id, request_id = response.json()["server"]["id"], response.headers["x-openstack-request-id"]
    assert response.headers["x-compute-request-id"] == request_id
    listed = n.ok("GET", f"/servers/{server_id}/os-instance-actions", token=n.member)["instanceActions"]
    assert [(a["action"], a["request_id"], a["instance_uuid"], a["message"]) for a in listed] == \
        [("create", request_id, server_id, None)]
    assert set(listed[0]) == {"action", "instance_uuid", "request_id", "user_id", "project_id", "start_time",
                              "message"}
    # while scheduling no host has been tried yet
    assert n.ok("GET", f"/servers/{server_id}/os-instance-actions/{request_id}")["instanceAction"]["events"] == []
    n.settled(server_id, n.member)
    as_member = n.ok("GET", f"/servers/{server_id}/os-instance-actions/{request_id}", token=n.member)
    assert "events" not in as_member["instanceAction"]  # Newton shows events to admins only
    (event,) = n.ok("GET", f"/servers/{server_id}/os-instance-actions/{request_id}")["instanceAction"]["events"]
    assert set(event) == {"event", "start_time", "finish_time", "result", "traceback"}
    assert (event["event"], event["result"], event["traceback"]) == ("compute__do_build_and_run_instance",
                                                                     "Success", None)
    unknown = n.get(f"/servers/{server_id}/os-instance-actions/req-nope")
    assert unknown.json()["itemNotFound"]["message"] == \
        f"Action for request_id req-nope on instance {server_id} not found"
