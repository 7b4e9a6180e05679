"""Network and volume faults, each in its own embedded cloud: exactly the right tests fail, each naming the
resource and what the cloud said (the dead agent's host, Cinder's user message, the status a wait ended in)."""

from support.acceptance import run_acceptance
from support.outcomes import AGENTS, FIXED_IP, VOLUMES, with_failures

DEAD_L3_HOST = "juju-7f3a21-2"
VOLUME_TESTS = [f"{VOLUMES}::test_volume_becomes_available_and_is_deleted",
                f"{VOLUMES}::test_volume_attaches_to_a_server_and_detaches"]
SERVICES_TEST = f"{VOLUMES}::test_volume_services_are_up"


def test_dead_l3_agent_fails_the_agent_checks_naming_its_host(tmp_path):
    router_check = f"{AGENTS}::test_router_is_hosted_by_an_alive_l3_agent[provider-router]"
    alive_check = f"{AGENTS}::test_every_agent_is_alive"
    run = run_acceptance(["--embedded-scenario", "fault-l3-agent-dead"], tmp_path)
    assert run.outcomes == with_failures([router_check, alive_check]), run.output[-3000:]
    assert f"router provider-router is hosted by no alive L3 agent (hosting: L3 agent on {DEAD_L3_HOST} (dead))" \
        in run.messages[router_check], run.messages[router_check]
    assert f"dead agents: L3 agent on {DEAD_L3_HOST}" in run.messages[alive_check], run.messages[alive_check]


def test_cinder_volume_down_fails_volumes_with_cinders_user_message(tmp_path):
    run = run_acceptance(["--embedded-scenario", "fault-cinder-volume-down"], tmp_path)
    assert run.outcomes == with_failures([SERVICES_TEST, *VOLUME_TESTS]), run.output[-3000:]
    assert "cinder-volume is not up and enabled on cinder@cinder-ceph (down/enabled)" in run.messages[SERVICES_TEST]
    for test_id in VOLUME_TESTS:
        message = run.messages[test_id]
        assert message.startswith("lxdstack.errors.ResourceFailed: volume acc-"), message
        assert "went to ERROR: 000002: No storage could be allocated for this volume request." in message, \
            message


def test_volume_stuck_in_creating_times_out_naming_it(tmp_path):
    # Timeouts at 5 %: a 15 s wait for `available`.
    run = run_acceptance(["--embedded-scenario", "fault-volume-stuck-creating", "--timeout-scale", "0.05",
                          "-n", "2", "tests/volume"], tmp_path)
    assert run.outcomes == {SERVICES_TEST: "failed", **dict.fromkeys(VOLUME_TESTS, "failed")}, run.output[-3000:]
    assert "cinder-scheduler is not up and enabled on cinder (down/enabled)" in run.messages[SERVICES_TEST]
    for test_id in VOLUME_TESTS:
        message = run.messages[test_id]
        assert message.startswith("lxdstack.errors.CloudTimeout: timed out after"), message
        assert "waiting for volume acc-" in message and "to become available (status CREATING)" in message, message


def test_port_that_never_becomes_active_fails_the_fixed_ip_boot(tmp_path):
    case = f"{FIXED_IP}::test_server_on_a_reserved_port_has_exactly_that_address"
    # Timeouts at 5 %: a 6 s wait for the port to become ACTIVE.
    run = run_acceptance(["--embedded-scenario", "fault-port-stays-down", "--timeout-scale", "0.05",
                          "tests/network/test_fixed_ip_ports.py"], tmp_path)
    expected = {test_id: "passed" for test_id in with_failures([]) if test_id.startswith(FIXED_IP)}
    assert run.outcomes == {**expected, case: "failed"}, run.output[-3000:]
    message = run.messages[case]
    assert message.startswith("lxdstack.errors.CloudTimeout: timed out after"), message
    assert "waiting for port acc-" in message and "to become ACTIVE (status DOWN)" in message, message
