"""The real-Keystone lane: the identity tests, unchanged, against a real Keystone (PyPI, SQLite, fernet).

lab/keystone/up.sh installs Keystone into its own venv (.lanes/keystone/venv) and serves it on 127.0.0.1;
results go to reports/lanes/keystone/, apart from the embedded cloud's.
"""

import shutil

import pytest

from support.acceptance import PROJECT, run_acceptance
from support.lanes import lab_down, lab_up
from support.outcomes import (
    SERVICES,
    TOKEN_TESTS,
    catalog_id,
    discovery_id,
    identity_ids,
    pki_outcomes,
    token_id,
)

LAB = PROJECT / "lab" / "keystone"
RESULTS = PROJECT / "reports" / "lanes" / "keystone"


@pytest.fixture(scope="module")
def keystone(tmp_path_factory):
    clouds_yaml = tmp_path_factory.mktemp("keystone") / "clouds.yaml"
    lab_up(LAB / "up.sh", "--clouds-yaml", str(clouds_yaml), timeout=900)
    yield clouds_yaml
    lab_down(LAB / "down.sh")


def expected_outcomes() -> dict[str, str]:
    """Identity passes; every other service is declared absent in expectations/keystone.yaml, so skipped, and so
    are the PKI tests (it issues fernet tokens)."""
    table = {**dict.fromkeys(identity_ids(), "passed"), **pki_outcomes("fernet")}
    for service in SERVICES:
        if service != "identity":
            table[catalog_id(service)] = "skipped"
            table.update({discovery_id(service, i): "skipped" for i in ("public", "internal", "admin")})
    assert all(table[token_id(name)] == "passed" for name in TOKEN_TESTS)
    return table


def test_identity_tests_pass_against_real_keystone(keystone):
    shutil.rmtree(RESULTS, ignore_errors=True)
    run = run_acceptance(["tests/identity", "--os-cloud", "keystone", "--expectations",
                          "expectations/keystone.yaml"], RESULTS, env={"OS_CLIENT_CONFIG_FILE": str(keystone)})
    assert run.outcomes == expected_outcomes(), run.output[-4000:]
    assert run.exit_code == 0
    skipped = {run.messages[t] for t, o in run.outcomes.items() if o == "skipped"}
    assert all("declared absent in expectations/keystone.yaml: identity-only lane" in m
               or "token format is fernet in expectations/keystone.yaml" in m for m in skipped), skipped
