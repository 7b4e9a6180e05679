"""`lxdstack juju-creds`: credentials from a Juju model's keystone, as a novarc and/or a clouds.yaml entry.

Kept light: the parser is built for every `lxdstack` command, so the Juju wrappers are imported only when this
command runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from lxdstack.usage import one_line_errors

Runner = Callable[[argparse.Namespace], int]
PROG = "lxdstack juju-creds"


def declare(parser: argparse.ArgumentParser) -> Runner:
    """write a novarc and a clouds.yaml entry from a Juju model's keystone"""
    parser.add_argument("--model", required=True, metavar="M", help="the Juju model ([controller:][user/]name)")
    parser.add_argument("--novarc", type=Path, metavar="PATH", help="write an openrc v3 novarc here (mode 0600)")
    parser.add_argument("--clouds-yaml", type=Path, metavar="PATH",
                        help="merge an entry into this clouds.yaml, keeping the others (default: ./clouds.yaml "
                             "when --novarc is not given either)")
    parser.add_argument("--cloud-name", metavar="NAME", help="name of the clouds.yaml entry (default: the model's)")

    one_line_error = one_line_errors(parser)

    def run(args: argparse.Namespace) -> int:
        from lxdstack.errors import InputError
        from lxdstack.juju.creds import write_credentials
        from lxdstack.juju.errors import JujuError

        clouds_yaml = args.clouds_yaml or (None if args.novarc else Path("clouds.yaml"))
        try:
            admin = write_credentials(args.model, args.novarc, clouds_yaml, args.cloud_name)
        except InputError as exc:
            one_line_error(f"--model {args.model}: {exc}")
        except JujuError as exc:
            print(f"{PROG}: {str(exc).splitlines()[0]}", file=sys.stderr)
            return 1
        print(f"auth_url={admin.auth_url}")
        print(f"user={admin.username} domain={admin.domain} project={admin.project} (read from {admin.unit})")
        if args.novarc:
            print(f"novarc={args.novarc}")
        if clouds_yaml:
            print(f"clouds_yaml={clouds_yaml} (entry {args.cloud_name or admin.model})")
        return 0

    return run
