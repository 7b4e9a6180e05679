"""The seed's Juju part as idempotent steps: bootstrap a controller on the LXD host (`localhost`), add the model,
deploy the bundle, wait until the model is settled, then write the model's credentials (novarc, clouds.yaml).

Juju itself decides whether a step is done: `juju controllers` lists the controller, `juju models` the model,
`juju status` every application of the bundle; the health gate (lxdstack.juju.gate) says whether the model is
settled, and the keystone's credentials say whether the files already hold them. Every call goes through the
wrapper that knows the installed Juju (lxdstack.juju.client), made on first use, so a dry run runs no `juju`.
A failing command stops the bring-up with Juju's own output.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxdstack.bringup.guarded import guarded_step
from lxdstack.bringup.steps import Step
from lxdstack.errors import InputError
from lxdstack.juju.errors import JujuError, ModelNotSettled
from lxdstack.juju.expectations import ApplicationAllowance, JujuExpectation
from lxdstack.yamlfile import read_yaml

BUNDLES = Path(__file__).resolve().parent / "bundles"
SEED_BUNDLE = BUNDLES / "newton-novalxd.yaml"
SEED_BOOTSTRAP_CONFIG = BUNDLES / "bootstrap-config.yaml"
SETTLED_NOW_SECONDS = 2.0   # long enough for the gate's two healthy readings in a row
_NAME = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")   # Juju's rule for model and controller names


@dataclass(frozen=True)
class Bundle:
    path: Path
    applications: tuple[str, ...]
    unrelated: tuple[str, ...]      # applications no relation mentions (e.g. the seed's ntp with no units)


def read_bundle(path: Path, option: str = "--bundle") -> Bundle:
    """The bundle's applications, read before anything runs; a missing or malformed file is one InputError."""
    data = read_yaml(path, option)
    apps = data.get("applications", data.get("services")) if isinstance(data, dict) else None
    if not isinstance(apps, dict) or not apps:
        raise InputError(f"{option} {path}: not a Juju bundle (no `applications` mapping)")
    relations = data.get("relations") or []
    if not isinstance(relations, list):
        raise InputError(f"{option} {path}: `relations` should be a list of pairs")
    related = {str(end).split(":", 1)[0] for pair in relations if isinstance(pair, list) for end in pair}
    return Bundle(path=path.resolve(), applications=tuple(apps), unrelated=tuple(a for a in apps if a not in related))


def read_bootstrap_config(path: Path, option: str = "--bootstrap-config") -> dict[str, str]:
    """`juju bootstrap --config` settings from a YAML mapping, passed as key=value (a snap-confined juju cannot
    read files outside the home directory)."""
    data = read_yaml(path, option)
    if not isinstance(data, dict) or not all(isinstance(v, (str, int, float, bool)) for v in data.values()):
        raise InputError(f"{option} {path}: expected a mapping of Juju configuration keys to plain values")
    return {str(key): value for key, value in data.items()}


@dataclass(frozen=True)
class JujuSettings:
    """Where and what Juju deploys; the defaults are the seed's (`juju bootstrap --config config.yaml localhost
    lxd`, then `juju deploy bundle-newton-novalxd.yaml`), in a model of its own."""

    cloud: str = "localhost"
    controller: str = "lxd"
    model: str = "openstack"
    bootstrap_config: dict[str, str | int | float | bool] = field(
        default_factory=lambda: read_bootstrap_config(SEED_BOOTSTRAP_CONFIG))
    settle_timeout: float = 3600.0      # the seed's deploy took most of an hour on a 12-core machine
    # what also counts as settled (an expectations file's `juju:` section); see settled_allowance
    allow: JujuExpectation | None = None

    def __post_init__(self) -> None:
        for what in ("controller", "model"):
            if not _NAME.match(getattr(self, what)):
                raise InputError(f"Juju {what} name {getattr(self, what)!r}: use lowercase letters, digits and "
                                 "hyphens")
        if self.settle_timeout <= 0:
            raise InputError(f"settle timeout {self.settle_timeout}: must be a positive number of seconds")

    @property
    def model_ref(self) -> str:
        return f"{self.controller}:{self.model}"


@dataclass(frozen=True)
class CredentialFiles:
    novarc: Path
    clouds_yaml: Path
    cloud_name: str


def describe_failure(error: BaseException) -> str:
    """What a failed step shows: a `juju` command's own output in full, else the error's text."""
    if isinstance(error, subprocess.CalledProcessError):
        argv = [str(part) for part in ([error.cmd] if isinstance(error.cmd, str) else error.cmd)]
        command = " ".join([Path(argv[0]).name, *argv[1:]])   # `juju …`, wherever the binary lives
        said = "\n".join(part.rstrip() for part in (error.stderr, error.stdout) if part and part.strip())
        return f"$ {command}\nexit status {error.returncode}\n{said or '(no output)'}"
    findings = getattr(error, "findings", None)
    if findings:
        return f"{error}\n" + "\n".join(f"  {line}" for line in findings)
    return f"{type(error).__name__}: {error}"


def settled_allowance(bundle: Bundle, allow: JujuExpectation | None) -> JujuExpectation:
    """`allow`, plus `unknown` for the bundle's applications no relation mentions (a subordinate with no principal,
    such as the seed's ntp, never leaves `unknown`) unless `allow` says otherwise for them."""
    given = dict(allow.applications) if allow else {}
    unrelated = {app: ApplicationAllowance(workload=("active", "unknown")) for app in bundle.unrelated}
    return JujuExpectation(applications={**unrelated, **given})


# What a Juju step may meet: a `juju` command failing (jubilant's CLIError is a CalledProcessError carrying Juju's
# output), the wrapper's own errors (unreadable output, an unhealthy or unsettled model), a file not written.
JUJU_ERRORS = (subprocess.CalledProcessError, JujuError, OSError)


class _Client:
    """The Juju CLI wrapper for the model (jubilant or jubilant-backports), made on first use and kept: it asks
    `juju version` once."""

    def __init__(self, model_ref: str) -> None:
        self.model_ref, self._client = model_ref, None

    def __call__(self) -> Any:
        if self._client is None:
            from lxdstack.juju.client import connect

            self._client = connect(self.model_ref)
        return self._client

    def json(self, *args: str) -> dict[str, Any]:
        found = json.loads(self().cli.cli(*args, "--format", "json", include_model=False) or "{}")
        return found if isinstance(found, dict) else {}


def _config_args(config: dict[str, Any]) -> list[str]:
    """--config KEY=VALUE as jubilant formats them (booleans lowercase)."""
    return [arg for key, value in config.items()
            for arg in ("--config", f"{key}={str(value).lower() if isinstance(value, bool) else value}")]


def juju_steps(settings: JujuSettings, bundle: Bundle, credentials: CredentialFiles) -> list[Step]:
    """Bootstrap, add-model, deploy, wait until settled, write credentials: in the seed's order. Each command shown
    is the one the Juju wrapper runs."""
    s = settings
    juju = _Client(s.model_ref)

    def step(name: str, title: str, command: str, is_done: Callable[[], bool], apply: Callable[[], None]) -> Step:
        return guarded_step(name, title, command, is_done, apply, JUJU_ERRORS, describe_failure)

    def controller_exists() -> bool:
        return s.controller in (juju.json("controllers").get("controllers") or {})

    def model_exists() -> bool:
        models = juju.json("models", "--controller", s.controller).get("models") or []
        return any(s.model in (m.get("short-name"), str(m.get("name", "")).rsplit("/", 1)[-1]) for m in models)

    def deployed() -> bool:
        return set(bundle.applications) <= set(juju().status().apps)

    allow = settled_allowance(bundle, s.allow)

    def settle(seconds: float) -> None:
        from lxdstack.juju.gate import wait_settled

        wait_settled(s.model_ref, seconds, allow=allow)

    def settled_now() -> bool:
        """Healthy twice in a row within a moment (as the gate counts it); a broken model fails here already."""
        try:
            settle(SETTLED_NOW_SECONDS)
        except ModelNotSettled:
            return False
        return True

    def credentials_written() -> bool:
        return _files_hold(credentials, s.model_ref)

    def write_credentials() -> None:
        from lxdstack.juju.creds import write_credentials as write

        write(s.model_ref, credentials.novarc, credentials.clouds_yaml, credentials.cloud_name)

    config = " ".join(_config_args(s.bootstrap_config))
    minutes = f"{s.settle_timeout / 60:.0f} min"
    return [
        step("juju-bootstrap", f"Juju controller {s.controller} on cloud {s.cloud}",
             f"juju bootstrap {s.cloud} {s.controller} --no-switch {config}".rstrip(), controller_exists,
             lambda: juju().cli.bootstrap(s.cloud, s.controller, config=s.bootstrap_config or None)),
        step("juju-model", f"Juju model {s.model} on controller {s.controller}",
             f"juju add-model --no-switch {s.model} --controller {s.controller}", model_exists,
             lambda: juju().cli.add_model(s.model, controller=s.controller)),
        step("juju-deploy", f"deploy {bundle.path.name} ({len(bundle.applications)} applications) into "
             f"{s.model_ref}", f"juju deploy --model {s.model_ref} {bundle.path}", deployed,
             lambda: juju().cli.deploy(bundle.path)),
        step("juju-settled", f"wait until {s.model_ref} is settled: every unit active and idle (at most {minutes})",
             f"juju status --model {s.model_ref} --format json   # until settled (the seed: watch juju status)",
             settled_now, lambda: settle(s.settle_timeout)),
        step("credentials", f"credentials of {s.model_ref}'s keystone admin: novarc {credentials.novarc}, "
             f"clouds.yaml {credentials.clouds_yaml} entry {credentials.cloud_name}",
             f"lxdstack juju-creds --model {s.model_ref} --novarc {credentials.novarc} "
             f"--clouds-yaml {credentials.clouds_yaml} --cloud-name {credentials.cloud_name}",
             credentials_written, write_credentials),
    ]


def _files_hold(files: CredentialFiles, model_ref: str) -> bool:
    """Whether the novarc and the clouds.yaml entry already log in as the model's keystone admin."""
    from lxdstack.juju.creds import read_credentials
    from lxdstack.novarc import parse_novarc

    if not files.novarc.is_file() or not files.clouds_yaml.is_file():
        return False
    admin = read_credentials(model_ref)
    wanted = {"auth_url": admin.auth_url, "username": admin.username, "password": admin.password,
              "project_name": admin.project}
    try:
        variables = parse_novarc(files.novarc)
        clouds = read_yaml(files.clouds_yaml, "clouds.yaml") or {}
    except InputError:
        return False   # not readable as ours: written again
    in_novarc = {key: variables.get(f"OS_{key.upper()}") for key in wanted}
    entry = ((clouds.get("clouds") or {}).get(files.cloud_name) or {}) if isinstance(clouds, dict) else {}
    in_clouds = {key: (entry.get("auth") or {}).get(key) for key in wanted}
    return in_novarc == wanted == in_clouds
