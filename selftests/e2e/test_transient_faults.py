"""Transient and persistent API faults, each in its own embedded cloud (scenarios fault-api-*): a burst of 503s is
survived with the retries in the report; a persistent 500 fails exactly the check that met it, as a cloud API
error with the exchange attached; a hung endpoint fails it as a timeout naming the call, within the deadline."""

import json

from support.acceptance import run_acceptance
from support.categories import category_of
from support.outcomes import HOST0, healthy, with_failures

HYPERVISOR_CHECK = f"tests/compute/test_services.py::test_hypervisor_has_the_expected_type[{HOST0}]"


def _result(run, test_name):
    found = [json.loads(p.read_text()) for p in run.results.glob("*-result.json")]
    return next(r for r in found if r["name"] == test_name)


def _attachment(run, result, name):
    attachment = next(a for a in result.get("attachments", []) if a["name"] == name)
    return (run.results / attachment["source"]).read_text()


def test_burst_of_503s_is_retried_and_passes(tmp_path):
    run = run_acceptance(["--embedded-scenario", "fault-api-503-burst"], tmp_path)
    assert run.outcomes == healthy(), run.output[-3000:]
    assert run.exit_code == 0
    result = _result(run, f"test_hypervisor_has_the_expected_type[{HOST0}]")
    retries = [step["name"] for step in result.get("steps", []) if step["name"].startswith("retry ")]
    assert len(retries) == 3, retries  # the scenario's three 503s, then an answer
    assert all("GET compute:/os-hypervisors/detail" in r and "(HTTP 503)" in r for r in retries), retries


def test_persistent_500_fails_that_check_as_a_cloud_api_error(tmp_path):
    run = run_acceptance(["--embedded-scenario", "fault-api-500"], tmp_path)
    assert run.outcomes == with_failures([HYPERVISOR_CHECK]), run.output[-3000:]
    assert "500: Server Error for url" in run.messages[HYPERVISOR_CHECK]
    result = _result(run, f"test_hypervisor_has_the_expected_type[{HOST0}]")
    assert category_of(result) == "Cloud API error (5xx)", result["statusDetails"]["message"]
    assert not [s for s in result.get("steps", []) if s["name"].startswith("retry ")], "a 500 was retried"
    exchanges = _attachment(run, result, "HTTP exchanges (oldest first)")
    assert "GET http://127.0.0.1:" in exchanges and "/compute/v2.1/os-hypervisors/detail -> 500" in exchanges
    assert "request id req-" in exchanges and "Internal Server Error" in exchanges, exchanges


def test_hung_endpoint_fails_that_check_as_a_timeout_within_the_deadline(tmp_path):
    # Timeouts at a tenth: 3 s per request, 6 s of retries.
    run = run_acceptance(["--embedded-scenario", "fault-api-hang", "--timeout-scale", "0.1"], tmp_path)
    assert run.outcomes == with_failures([HYPERVISOR_CHECK]), run.output[-3000:]
    message = run.messages[HYPERVISOR_CHECK]
    assert message.startswith("lxdstack.retry.RequestTimedOut: timed out after 3 s waiting for the cloud to answer "
                              "GET compute:/os-hypervisors/detail"), message
    result = _result(run, f"test_hypervisor_has_the_expected_type[{HOST0}]")
    assert category_of(result) == "Timed out waiting for the cloud"
    assert (result["stop"] - result["start"]) / 1000 < 6 + 3 + 2, "the call outlived its retry deadline"
    exchanges = _attachment(run, result, "HTTP exchanges (oldest first)")
    assert "os-hypervisors/detail -> no answer: ConnectTimeout" in exchanges, exchanges
