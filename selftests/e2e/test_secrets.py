"""Secrets never reach the reports: the password, every token the cloud issued, the run's private key.

The cloud outlives the run and is then asked (control API) for every token it issued, so the check does not
depend on the suite telling the truth about what it used. A plugin fails every test after it ran, so that every
failure attachment (HTTP exchanges, servers, console logs, catalogs) is written and searched too.
"""

import secrets

import pytest
import requests

from lxdstack.connect import CloudSpec
from lxdstack.embedded import EmbeddedCloud
from lxdstack.tokens import issue_token
from support.acceptance import run_acceptance
from support.outcomes import healthy

FAIL_EVERY_TEST = '''
import pytest

@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    yield
    raise AssertionError("failed on purpose, so that the failure attachments are written")
'''


def _report_files(run, workdir):
    files = [p for p in run.results.rglob("*") if p.is_file()]
    return files + [workdir / "junit.xml", workdir / "outcomes.json"]


@pytest.mark.parametrize("scenario", ["newton-lxd", "newton-lxd-pki"])
def test_no_password_token_or_private_key_in_reports(scenario, tmp_path):
    """uuid tokens, and PKI tokens: the signed token document travels as the token itself."""
    password = secrets.token_urlsafe(24)
    with EmbeddedCloud.start(scenario, tmp_path / "cloud", password=password) as cloud:
        workdir = tmp_path / "run"
        (tmp_path / "plugins").mkdir()
        (tmp_path / "plugins" / "fail_every_test.py").write_text(FAIL_EVERY_TEST)
        run = run_acceptance(["--os-cloud", "embedded", f"--expectations=expectations/{scenario}.yaml",
                              "-p", "fail_every_test"], workdir,
                             env={"OS_CLIENT_CONFIG_FILE": str(cloud.clouds_yaml),
                                  "PYTHONPATH": str(tmp_path / "plugins")})
        # Known limitations still end as xfails: the limitation is raised before the plugin's failure.
        table = healthy(token_format="pki" if scenario.endswith("-pki") else "uuid")
        forced = {test_id: "failed" if outcome == "passed" else outcome for test_id, outcome in table.items()}
        assert run.outcomes == forced, run.output[-3000:]
        admin = issue_token(CloudSpec(cloud="embedded", config_file=str(cloud.clouds_yaml)))
        root = cloud.auth_url.removesuffix("/identity/v3")
        http = requests.Session()
        http.trust_env = False  # loopback only, whatever proxy the environment names
        issued = http.get(f"{root}/_lxdstack/tokens", headers={"X-Auth-Token": admin.id}, timeout=10).json()
    tokens = [t["id"] for t in issued["tokens"] if t["id"] != admin.id]
    exchange_logs = list(run.results.glob("*-attachment.txt"))
    assert len(exchange_logs) >= len(run.ids("failed")), "failures carry no attachments: the search would prove nothing"
    assert len(tokens) > 10, "the run should have logged in many times"
    secrets_to_find = {"the password": password, "a private key": "PRIVATE KEY"}
    secrets_to_find.update({f"token {t[:6]}…": t for t in tokens})
    leaks = [f"{what} in {path.name}" for path in _report_files(run, workdir)
             for what, secret in secrets_to_find.items() if secret in path.read_text(errors="replace")]
    assert not leaks, leaks
    assert password not in run.output and not any(t in run.output for t in tokens)
