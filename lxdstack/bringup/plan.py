"""The whole bring-up as one list of steps, assembled from options: LXD, Juju, credentials, post-deploy.

The order is the seed's: `lxd init` and the profiles, `juju bootstrap`, `juju deploy`, `watch juju status`, then
`source novarc` (written here from the model's keystone, since the post-deploy steps log in with it), the flavors,
the keypair, the networks and the image. Inputs (the bundle, the public key, the image file, the clouds.yaml the
post-deploy steps log in with) are read before any step runs, so a wrong one stops everything with one line.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openstack.connection import Connection

from lxdstack.bringup.juju_steps import (
    SEED_BUNDLE,
    CredentialFiles,
    JujuSettings,
    juju_steps,
    read_bootstrap_config,
    read_bundle,
)
from lxdstack.bringup.lxd_steps import LxdSettings, lxd_steps
from lxdstack.bringup.post_deploy import PostDeploySettings, post_deploy_steps
from lxdstack.bringup.post_deploy import check_inputs as check_post_deploy_inputs
from lxdstack.bringup.steps import Step, StepFailed, plan, run_steps
from lxdstack.errors import InputError
from lxdstack.expectations import load_expectations
from lxdstack.timeouts import Timeouts
from lxdstack.yamlfile import read_yaml

PHASES = ("lxd", "juju", "post-deploy")


@dataclass(frozen=True)
class BringUp:
    """Everything the bring-up needs to know; each part's defaults are the seed's."""

    phases: tuple[str, ...] = PHASES             # in PHASES' order (parse_phases)
    lxd_endpoint: str | None = None              # None: the local LXD's unix socket, as pylxd finds it
    lxd: LxdSettings = field(default_factory=LxdSettings)
    juju: JujuSettings = field(default_factory=JujuSettings)
    bundle: Path = SEED_BUNDLE
    credentials: CredentialFiles = CredentialFiles(Path("novarc"), Path("clouds.yaml"), "openstack")
    post_deploy: PostDeploySettings = PostDeploySettings()
    timeouts: Timeouts = Timeouts()
    # option names as the operator typed them, for one-line errors (`lxdstack bring-up` and pytest differ)
    option_names: dict[str, str] = field(default_factory=lambda: {
        "bundle": "--bundle", "public_key": "--public-key", "image": "--image", "clouds_yaml": "--clouds-yaml"})


def parse_phases(text: str) -> tuple[str, ...]:
    """`juju,post-deploy` → the phases in the bring-up's own order; InputError for an unknown one."""
    asked = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [phase for phase in asked if phase not in PHASES]
    if unknown or not asked:
        raise InputError(f"--only {text}: choose among {', '.join(PHASES)} (comma-separated)")
    return tuple(phase for phase in PHASES if phase in asked)


def check_clouds_yaml(options: BringUp) -> None:
    """Post-deploy without the Juju steps logs in with an entry written before: it must be there."""
    files, option = options.credentials, options.option_names["clouds_yaml"]
    data = read_yaml(files.clouds_yaml, option)
    entry = (data.get("clouds") or {}).get(files.cloud_name) if isinstance(data, dict) else None
    if not isinstance(entry, dict):
        raise InputError(f"{option} {files.clouds_yaml}: no entry {files.cloud_name!r} to log in with (write it with "
                         f"the juju phase, or `lxdstack juju-creds`)")


def connector(options: BringUp) -> Callable[[], Connection]:
    """The post-deploy steps' connection, made on first use from the credentials' clouds.yaml entry (so after the
    credentials step wrote it), with the suite's per-request timeout and retries of transient errors."""

    @functools.cache
    def connection() -> Connection:
        from lxdstack.connect import CloudSpec, connect
        from lxdstack.transport import instrument

        spec = CloudSpec(cloud=options.credentials.cloud_name, config_file=str(options.credentials.clouds_yaml))
        return instrument(connect(spec), options.timeouts)

    return connection


def lxd_part(options: BringUp) -> list[Step]:
    def client(project: str):
        import pylxd

        return pylxd.Client(endpoint=options.lxd_endpoint, project=project)

    return lxd_steps(client, options.lxd)


def check_inputs(options: BringUp) -> None:
    """Read the operator's files the chosen phases need (public key, image, the clouds.yaml entry the post-deploy
    steps log in with when the Juju phase does not write it); InputError for the first wrong one."""
    if "post-deploy" in options.phases:
        names = options.option_names
        check_post_deploy_inputs(options.post_deploy, names["public_key"], names["image"])
        if "juju" not in options.phases:
            check_clouds_yaml(options)


def bring_up_steps(options: BringUp, report: Callable[[str], None] = print) -> list[Step]:
    """The steps of the chosen phases in order (the bundle is read here); nothing is touched yet."""
    steps: list[Step] = []
    if "lxd" in options.phases:
        steps += lxd_part(options)
    if "juju" in options.phases:
        bundle = read_bundle(options.bundle, options.option_names["bundle"])
        steps += juju_steps(options.juju, bundle, options.credentials)
    if "post-deploy" in options.phases:
        steps += post_deploy_steps(options.post_deploy, connector(options), options.timeouts, report)
    return steps


def options_from(*, only: str = ",".join(PHASES), bundle: Path | None = None, bootstrap_config: Path | None = None,
                 controller: str = "lxd", model: str = "openstack", settle_timeout: float = 3600.0,
                 lxd_endpoint: str | None = None, novarc: Path = Path("novarc"),
                 clouds_yaml: Path = Path("clouds.yaml"),
                 cloud_name: str | None = None, public_key: Path = Path("~/.ssh/id_rsa.pub"),
                 image: Path | None = None, timeout_scale: float = 1.0, expectations: Path | None = None,
                 option_names: dict[str, str] | None = None) -> BringUp:
    """The bring-up from command-line values (None: the seed's default); InputError for a wrong one. The
    `expectations` file's `juju:` section says what else counts as settled, as it does for the health gate."""
    if timeout_scale <= 0:
        raise InputError(f"--timeout-scale {timeout_scale}: must be a positive number")
    names = {**BringUp().option_names, **(option_names or {})}
    allow = load_expectations(expectations).juju if expectations is not None else None
    juju_settings = JujuSettings(controller=controller, model=model, settle_timeout=settle_timeout, allow=allow,
                                 **({"bootstrap_config": read_bootstrap_config(bootstrap_config)}
                                    if bootstrap_config is not None else {}))
    return BringUp(
        phases=parse_phases(only), lxd_endpoint=lxd_endpoint, juju=juju_settings, bundle=bundle or SEED_BUNDLE,
        credentials=CredentialFiles(novarc, clouds_yaml, cloud_name or model),
        post_deploy=PostDeploySettings(public_key=public_key, image_file=image),
        timeouts=Timeouts().scaled(timeout_scale), option_names=names)


@dataclass
class Outcome:
    skipped: int = 0
    done: int = 0
    drifts: list[str] = field(default_factory=list)


def execute(options: BringUp, say: Callable[[str], None] = print) -> Outcome:
    """Run the bring-up: every step in order, skipped when done; StepFailed at the first failure. Drift is said as
    it is found and collected."""
    outcome = Outcome()

    def drift(line: str) -> None:
        outcome.drifts.append(line)
        say(f"drift {line}")

    check_inputs(options)
    steps = bring_up_steps(options, report=drift)
    if "juju" in options.phases:
        from lxdstack.juju.client import juju_binary

        juju_binary()   # no juju on PATH: one line now, not a failure after the LXD steps

    def counted(line: str) -> None:
        outcome.skipped += line.startswith("skip ")
        outcome.done += line.startswith("done ")
        say(line)

    run_steps(steps, counted)
    return outcome


def bring_up(options: BringUp, dry_run: bool, prog: str = "lxdstack bring-up") -> int:
    """The command: print the plan (dry run), or run it and say how it ended; the exit status."""
    if dry_run:
        steps = bring_up_steps(options, report=print)
        print(f"bring-up plan: {len(steps)} steps, in order (dry run: nothing is touched)")
        for line in plan(steps):
            print(line)
        check_inputs(options)   # after the plan: it is worth seeing even before the inputs are right
        return 0
    try:
        outcome = execute(options, say=lambda line: print(line, flush=True))
    except StepFailed as failed:
        print(failed.output.rstrip(), file=sys.stderr)
        print(f"{prog}: {failure_line(failed)}", file=sys.stderr)
        return 1
    drifts = f"; {len(outcome.drifts)} drift(s) reported above" if outcome.drifts else ""
    print(f"bring-up done: {outcome.done} step(s) done, {outcome.skipped} already done{drifts}")
    return 0


def failure_line(failed: StepFailed) -> str:
    """The one line that ends a failed bring-up, naming the step (its command's output is printed before it)."""
    return f"step {failed.step.name} failed: {failed.step.title} (its output is above)"
