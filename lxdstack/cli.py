"""The `lxdstack` command: a thin argparse layer over the library.

Each subcommand is one function that declares its arguments and returns the function to run; the runner imports
what it needs lazily, so `lxdstack cloud serve` does not pay for the suite's imports (and vice versa).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

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


# command path → function declaring its arguments; a new subcommand (`("report",): report`) is one entry here.
COMMANDS: dict[tuple[str, ...], Callable[[argparse.ArgumentParser], Runner]] = {
    ("cloud", "serve"): cloud_serve,
    ("cloud", "routes"): cloud_routes,
    ("cloud", "scenarios"): cloud_scenarios,
    ("report",): report,
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
