"""Which cloud the suite runs against, decided before anything touches a network.

Order (DESIGN "Targets"): one explicit option (`--os-cloud`, `--novarc`, `--juju-model`, `--embedded-scenario`;
two at once is a usage error), then `OS_CLOUD`, then plain `OS_*` variables, else the embedded cloud with the
default scenario. Every problem with the operator's input is an `InputError` of one line. A Juju target has no
credentials yet: the preflight reads them from the model's keystone once its health gate passes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from keystoneauth1 import exceptions as ksa_exceptions
from openstack import exceptions as sdk_exceptions
from openstack.config import loader

from lxdstack.connect import CloudSpec, args_from_os_variables, cloud_region
from lxdstack.errors import InputError
from lxdstack.novarc import parse_novarc
from lxdstack.yamlfile import read_yaml

DEFAULT_SCENARIO = "newton-lxd"
DEFAULT_EXPECTATIONS = "newton-lxd"


@dataclass(frozen=True)
class TargetOptions:
    """The command-line options that choose a target (None when not given)."""

    os_cloud: str | None = None
    novarc: str | None = None
    juju_model: str | None = None
    embedded_scenario: str | None = None
    member_cloud: str | None = None
    expectations: str | None = None


@dataclass(frozen=True)
class Target:
    """A resolved target. `cloud` is None for an embedded target until its cloud has been started."""

    kind: str
    label: str
    expectations_path: str
    cloud: CloudSpec | None = None
    scenario: str | None = None
    member: CloudSpec | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def with_cloud(self, cloud: CloudSpec, **details: Any) -> Target:
        """The same target once its cloud is known (an embedded cloud after it started)."""
        return replace(self, cloud=cloud, details={**self.details, **details})

    def to_dict(self) -> dict[str, Any]:
        data = {k: getattr(self, k) for k in ("kind", "label", "expectations_path", "scenario", "details")}
        data["cloud"] = self.cloud.to_dict() if self.cloud else None
        data["member"] = self.member.to_dict() if self.member else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Target:
        data = dict(data)
        data["cloud"] = CloudSpec.from_dict(data["cloud"]) if data.get("cloud") else None
        data["member"] = CloudSpec.from_dict(data["member"]) if data.get("member") else None
        return cls(**data)


def _clouds_yaml_in_use(environ: dict[str, str]) -> str | None:
    """The clouds.yaml openstacksdk would read: OS_CLIENT_CONFIG_FILE, else the first that exists."""
    candidates = [environ["OS_CLIENT_CONFIG_FILE"]] if environ.get("OS_CLIENT_CONFIG_FILE") else []
    candidates += [os.path.join(os.getcwd(), name) for name in ("clouds.yaml", "clouds.yml")]
    candidates += loader.CONFIG_FILES
    return next((path for path in candidates if os.path.isfile(path)), None)


def check_clouds_yaml_entry(name: str, source: str, environ: dict[str, str]) -> CloudSpec:
    """A spec for a clouds.yaml entry, loaded once now through openstacksdk so a bad entry is an input error."""
    path = _clouds_yaml_in_use(environ)
    if path is None:
        raise InputError(f"{source}: no clouds.yaml found (looked at OS_CLIENT_CONFIG_FILE, ./clouds.yaml, "
                         f"~/.config/openstack/clouds.yaml, /etc/openstack/clouds.yaml)")
    # Name the file explicitly, so xdist workers and the controller read the very same one.
    spec = CloudSpec(cloud=name, config_file=os.path.abspath(path))
    # openstacksdk skips a malformed clouds.yaml with a log warning and then calls every cloud unknown:
    # read it once here so the operator learns what is really wrong.
    read_yaml(path, f"{source}: clouds.yaml")
    try:
        region = cloud_region(spec)
    except sdk_exceptions.ConfigException as exc:
        raise InputError(f"{source}: clouds.yaml {path}: {exc}") from None
    except (ksa_exceptions.ClientException, OSError, ValueError, TypeError, AttributeError) as exc:
        raise InputError(f"{source}: clouds.yaml {path}: cannot use entry {name!r}: {exc}") from None
    if not (region.config.get("auth") or {}).get("auth_url"):
        raise InputError(f"{source}: clouds.yaml {path}: entry {name!r} has no auth.auth_url")
    return spec


def _spec_from_os_variables(variables: dict[str, str], source: str) -> CloudSpec:
    args = args_from_os_variables(variables)
    for needed in ("auth_url", "username", "password"):
        if not args.get(needed) and not (needed == "username" and args.get("user_id")):
            raise InputError(f"{source}: OS_{needed.upper()} is not set")
    return CloudSpec(args=args)


def _explicit_choice(options: TargetOptions) -> tuple[str, str] | None:
    given = [(flag, value) for flag, value in (
        ("--os-cloud", options.os_cloud), ("--novarc", options.novarc),
        ("--juju-model", options.juju_model), ("--embedded-scenario", options.embedded_scenario),
    ) if value]
    if len(given) > 1:
        flags = " and ".join(flag for flag, _ in given)
        raise InputError(f"{flags} {'both' if len(given) == 2 else 'all'} choose a target: give only one")
    return given[0] if given else None


def _resolve_cloud(options: TargetOptions, environ: dict[str, str]) -> tuple[str, str, CloudSpec | None, str | None]:
    """(kind, label, spec, scenario) for the chosen target."""
    choice = _explicit_choice(options)
    if choice:
        flag, value = choice
        if flag == "--os-cloud":
            return "os-cloud", f"--os-cloud {value}", check_clouds_yaml_entry(value, flag, environ), None
        if flag == "--novarc":
            variables = parse_novarc(Path(value))
            return "novarc", f"--novarc {value}", _spec_from_os_variables(variables, f"novarc {value}"), None
        if flag == "--juju-model":
            # Its credentials are read in the preflight, after the model's health gate (fixtures/run.py).
            return "juju", f"--juju-model {value}", None, None
        return "embedded", f"embedded cloud, scenario {value}", None, value
    if environ.get("OS_CLOUD"):
        name = environ["OS_CLOUD"]
        return "os-cloud", f"OS_CLOUD={name}", check_clouds_yaml_entry(name, "OS_CLOUD", environ), None
    if environ.get("OS_AUTH_URL"):
        spec = _spec_from_os_variables(environ, "OS_* environment")
        return "env", f"OS_* environment ({environ['OS_AUTH_URL']})", spec, None
    return "embedded", f"embedded cloud, scenario {DEFAULT_SCENARIO}", None, DEFAULT_SCENARIO


def _scenario_expects(ref: str) -> str:
    # Target resolution is the one place outside the embedded cloud allowed to read its scenarios.
    from lxdstack.cloud.scenario import ScenarioError, load_scenario

    try:
        return load_scenario(ref).expects
    except ScenarioError as exc:
        raise InputError(f"--embedded-scenario: {exc}") from None


def _check_juju_model(model: str) -> dict[str, Any]:
    """Ask the Juju client once whether the model exists and has keystone: the operator's mistakes are input errors
    (no `juju` on PATH, an unknown model, no keystone); a controller out of reach is left to the preflight."""
    from lxdstack.juju.model import check_model

    try:
        return check_model(model)
    except InputError as exc:
        raise InputError(f"--juju-model {model}: {exc}") from None


def resolve_target(options: TargetOptions, environ: dict[str, str], expectations_dir: Path) -> Target:
    """Decide the target from options and environment; touches files only, never the network (a Juju target asks
    the `juju` client about its model)."""
    kind, label, spec, scenario = _resolve_cloud(options, environ)
    details = _check_juju_model(options.juju_model) if kind == "juju" else {}
    expects = _scenario_expects(scenario) if scenario else None  # also validates the scenario file
    if options.expectations:
        expectations = Path(options.expectations)
    else:
        expectations = Path(expectations_dir) / f"{expects or DEFAULT_EXPECTATIONS}.yaml"
    member = check_clouds_yaml_entry(options.member_cloud, "--member-cloud", environ) \
        if options.member_cloud else None
    return Target(kind=kind, label=label, expectations_path=str(expectations), cloud=spec,
                  scenario=scenario, member=member, details=details)
