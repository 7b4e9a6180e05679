"""Preflight: can the suite reach the cloud and log in? Run once per session, before any test.

When it fails, the run has one cause to report (auth URL unreachable, credentials refused, …) instead of a
cascade of identical failures; every test is then reported as blocked by it, and nothing is created. For a Juju
target it first holds the model to its health gate: a unit in error is the cause, named with its status.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from keystoneauth1 import exceptions as ksa
from openstack import exceptions as sdk

from lxdstack.connect import CloudSpec, cloud_region, connect
from lxdstack.retry import call_with_retry


@dataclass(frozen=True)
class PreflightResult:
    ok: bool
    cause: str
    started: float
    stopped: float
    details: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PreflightResult:
        return cls(**data)


def _cause(exc: BaseException, auth_url: str, user: str) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if isinstance(exc, (ksa.ConnectFailure, ksa.ConnectTimeout)) or (
            isinstance(exc, ksa.DiscoveryFailure) and "Unable to establish connection" in str(exc)):
        return f"auth URL {auth_url} unreachable: {text}"
    if isinstance(exc, ksa.Unauthorized) or (isinstance(exc, sdk.HttpException) and exc.status_code == 401):
        return f"credentials refused by {auth_url} for user {user}: {text}"
    if isinstance(exc, ksa.DiscoveryFailure):
        return f"auth URL {auth_url} answers no usable identity version discovery: {text}"
    if isinstance(exc, (ksa.HttpError, sdk.HttpException)):
        return f"identity at {auth_url} failed the login: {text}"
    return f"cannot log in to {auth_url}: {type(exc).__name__}: {text}"


def run_preflight(spec: CloudSpec, deadline: float) -> PreflightResult:
    """Log in as the target's admin (retrying only transient errors until `deadline` s) and read the catalog."""
    started = time.time()
    auth = cloud_region(spec).config.get("auth", {})
    auth_url, user = auth.get("auth_url", "?"), auth.get("username") or auth.get("user_id", "?")
    conn = connect(spec)
    try:
        access = call_with_retry(lambda: conn.session.auth.get_access(conn.session), deadline)
    except Exception as exc:  # noqa: BLE001 - every failure becomes the one cause of the run
        return PreflightResult(ok=False, cause=_cause(exc, auth_url, user), started=started, stopped=time.time())
    services = sorted({s.get("type", "?") for s in (access.service_catalog.catalog or [])})
    details = (f"logged in to {auth_url} as {user} (project {access.project_name or '-'}); "
               f"catalog: {', '.join(services) or 'empty'}")
    return PreflightResult(ok=True, cause="", started=started, stopped=time.time(), details=details)


def run_juju_preflight(model: str, allow: Any, workdir: Path, settle_deadline: float,
                       login_deadline: float) -> tuple[PreflightResult, CloudSpec | None]:
    """The preflight of a `--juju-model` target: the model's health gate (waiting up to `settle_deadline` s for a
    settling model, failing at once on a unit in error or a lost agent), then the admin credentials from its
    keystone (a clouds.yaml in `workdir`), then the login every target gets. Returns the result and, once the
    credentials were read, the spec of the cloud."""
    from lxdstack.errors import InputError
    from lxdstack.juju.creds import write_credentials
    from lxdstack.juju.errors import JujuError
    from lxdstack.juju.gate import allowance, wait_settled
    from lxdstack.juju.health import assess

    started = time.time()
    clouds_yaml = workdir / "clouds.yaml"
    try:
        status = wait_settled(model, settle_deadline, allow)
        admin = write_credentials(model, None, clouds_yaml, cloud_name="juju")
    except (JujuError, InputError) as exc:
        findings = getattr(exc, "findings", [])
        return PreflightResult(ok=False, cause=str(exc).splitlines()[0], started=started, stopped=time.time(),
                               details="\n".join(findings)), None
    spec = CloudSpec(cloud="juju", config_file=str(clouds_yaml))
    login = run_preflight(spec, login_deadline)
    gate = (f"Juju model {model} is settled ({assess(status, allowance(allow)).summary()}); "
            f"credentials: {admin.describe()}")
    return replace(login, started=started, details=f"{gate}\n{login.details}".strip()), spec
