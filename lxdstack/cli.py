"""The `lxdstack` command: a thin argparse layer over the library.

Each subcommand is one function that declares its arguments and returns the function to run; the runner imports
what it needs lazily, so `lxdstack cloud serve` does not pay for the suite's imports (and vice versa).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from lxdstack.usage import one_line_errors

Runner = Callable[[argparse.Namespace], int]


def cloud_serve(parser: argparse.ArgumentParser) -> Runner:
    """serve the embedded cloud on loopback until stopped"""
    parser.add_argument("--scenario", default="newton-lxd", metavar="NAME|FILE",
                        help="built-in scenario name or scenario YAML file (default: %(default)s)")
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind (default: %(default)s)")
    parser.add_argument("--port", type=int, default=0, help="port to bind; 0 picks a free one (default: 0)")
    parser.add_argument("--password", default="openstack", help="password of the admin and demo users")
    parser.add_argument("--clouds-yaml", type=Path, default=Path("clouds.yaml"), metavar="PATH",
                        help="clouds.yaml to merge the `embedded` entry into (default: ./clouds.yaml)")
    parser.add_argument("--novarc", type=Path, metavar="PATH", help="also write a v3 novarc here")

    def run(args: argparse.Namespace) -> int:
        from lxdstack.cloud.serve import serve

        return serve(args.scenario, args.host, args.port, args.password, args.clouds_yaml, args.novarc)

    return run


def cloud_routes(parser: argparse.ArgumentParser) -> Runner:
    """list the REST routes the embedded cloud implements (everything else answers 501)"""

    def run(args: argparse.Namespace) -> int:
        from lxdstack.cloud.core.app import implemented_routes

        for method, path in implemented_routes():
            print(f"{method:6} {path}")
        return 0

    return run


def cloud_scenarios(parser: argparse.ArgumentParser) -> Runner:
    """list the built-in scenarios and what each one sets up or breaks"""

    def run(args: argparse.Namespace) -> int:
        from lxdstack.cloud.scenario import list_scenarios, load_scenario

        for name in list_scenarios():
            scenario = load_scenario(name)
            print(f"{name:32} expects {scenario.expects:20} {scenario.description}")
        return 0

    return run


def report(parser: argparse.ArgumentParser) -> Runner:
    """build the HTML report (Allure 2) from a run's results, carrying the previous report's history"""
    parser.add_argument("--results", type=Path, default=Path("reports/allure-results"), metavar="DIR",
                        help="Allure results of a run (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=Path("reports/allure-report"), metavar="DIR",
                        help="report folder, replaced (default: %(default)s)")
    parser.add_argument("--single-file", action="store_true",
                        help="one index.html that opens from disk (Allure then keeps no history for trends)")

    def run(args: argparse.Namespace) -> int:
        from lxdstack.report import ReportError, build_report

        try:
            index = build_report(args.results, args.out, args.single_file)
        except ReportError as exc:
            print(f"lxdstack report: {exc}", file=sys.stderr)
            return 1
        print(f"report={index}")
        if not args.single_file:  # Allure 2 loads its data with fetch(), which file:// refuses
            print(f"serve=python3 -m http.server --bind 127.0.0.1 --directory {index.parent}")
        return 0

    return run


def sweep(parser: argparse.ArgumentParser) -> Runner:
    """remove what acceptance runs left on a cloud, found by name prefix (servers first)"""
    parser.add_argument("--os-cloud", metavar="NAME", help="a clouds.yaml entry (as for the openstack CLI)")
    parser.add_argument("--novarc", metavar="FILE", help="a novarc/openrc file, read without a shell")
    parser.add_argument("--embedded-scenario", metavar="NAME|FILE", help="refused: an embedded cloud dies with its run")
    parser.add_argument("--prefix", default="acc",
                        help="`acc` (every run of the suite) or `acc-<run id>` (one run) (default: %(default)s)")
    parser.add_argument("--older-than", metavar="AGE", help="only runs that started longer ago: 30m, 2h, 1d")
    parser.add_argument("--dry-run", action="store_true", help="list what would be deleted, delete nothing")

    one_line_error = one_line_errors(parser)

    def run(args: argparse.Namespace) -> int:
        import os
        import re

        from lxdstack.connect import connect
        from lxdstack.errors import CleanupFailed, InputError
        from lxdstack.leftovers import find, older_than, parse_age, remove
        from lxdstack.target import TargetOptions, resolve_target
        from lxdstack.timeouts import Timeouts

        if not re.fullmatch(r"[a-z0-9]+(-[0-9]{10}[a-z0-9]{3})?", args.prefix):
            one_line_error(f"--prefix {args.prefix!r}: give a name prefix (acc) or a run's (acc-2601010000abc)")
        try:
            age = parse_age(args.older_than) if args.older_than is not None else None
            options = TargetOptions(os_cloud=args.os_cloud, novarc=args.novarc,
                                    embedded_scenario=args.embedded_scenario)
            target = resolve_target(options, dict(os.environ), Path(__file__).resolve().parent.parent / "expectations")
        except (ValueError, InputError) as exc:
            one_line_error(f"--older-than {exc}" if isinstance(exc, ValueError) else str(exc))
        if target.kind == "embedded":
            one_line_error("an embedded cloud lives only as long as its run, there is nothing to sweep: give "
                           "--os-cloud, --novarc, OS_CLOUD or OS_* variables")
        conn = connect(target.cloud)
        try:
            found = find(conn, args.prefix)
        except Exception as exc:  # noqa: BLE001 - the cloud's answer, said in one line
            print(f"lxdstack sweep: cannot list resources on {target.label}: {type(exc).__name__}: {exc}",
                  file=sys.stderr)
            return 1
        if age is not None:
            found = older_than(found, age)
        scope = f"prefix {args.prefix}" + (f", runs older than {args.older_than}" if age is not None else "")
        if args.dry_run:
            for item in found:
                print(f"would delete {item.describe()}")
            print(f"sweep: {len(found)} would be deleted ({scope}, {target.label}; dry run)")
            return 0
        deleted = []

        def report(item) -> None:
            deleted.append(item)
            print(f"deleted {item.describe()}", flush=True)

        try:
            remove(conn, found, Timeouts(), on_deleted=report)
        except CleanupFailed as failed:
            for what, exc in failed.failures:
                print(f"failed: {what}: {type(exc).__name__}: {exc}")
            print(f"sweep: {len(deleted)} deleted, {len(failed.failures)} failed ({scope}, {target.label})")
            return 1
        print(f"sweep: {len(deleted)} deleted ({scope}, {target.label})")
        return 0

    return run


def juju_creds(parser: argparse.ArgumentParser) -> Runner:
    """write a novarc and a clouds.yaml entry from a Juju model's keystone"""
    from lxdstack.juju.cli import declare

    return declare(parser)


def bring_up(parser: argparse.ArgumentParser) -> Runner:
    """bring a cloud up as the seed does: LXD, Juju, the bundle, post-deploy steps, credentials"""
    from lxdstack.bringup.cli import declare

    return declare(parser)


# command path → function declaring its arguments; a new subcommand (`("report",): report`) is one entry here.
COMMANDS: dict[tuple[str, ...], Callable[[argparse.ArgumentParser], Runner]] = {
    ("cloud", "serve"): cloud_serve,
    ("cloud", "routes"): cloud_routes,
    ("cloud", "scenarios"): cloud_scenarios,
    ("report",): report,
    ("sweep",): sweep,
    ("juju-creds",): juju_creds,
    ("bring-up",): bring_up,
}
GROUP_HELP = {"cloud": "the embedded cloud"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lxdstack", description="Acceptance suite for OpenStack on LXD.")
    subparsers = {(): parser.add_subparsers(dest="command", required=True, metavar="COMMAND")}
    for path, declare in COMMANDS.items():
        for depth in range(1, len(path)):
            group = path[:depth]
            if group not in subparsers:
                group_parser = subparsers[group[:-1]].add_parser(group[-1], help=GROUP_HELP.get(group[-1]))
                subparsers[group] = group_parser.add_subparsers(
                    dest=f"command{depth}", required=True, metavar="COMMAND"
                )
        sub = subparsers[path[:-1]].add_parser(path[-1], help=declare.__doc__, description=declare.__doc__)
        sub.set_defaults(run=declare(sub))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `lxdstack` console script; returns the exit status."""
    args = build_parser().parse_args(argv)
    return args.run(args)
