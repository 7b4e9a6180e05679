"""`lxdstack bring-up`: the seed's procedure on this host, step by step, each skipped when already done.

Kept light: the parser is built for every `lxdstack` command, so the bring-up's modules (pylxd, openstacksdk,
the Juju wrappers) are imported only when this command runs. Bad input is one line and exit 2, before anything is
touched; a failing step prints its command's own output, then one line naming the step, and exits 1.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from lxdstack.usage import one_line_errors

Runner = Callable[[argparse.Namespace], int]
PROG = "lxdstack bring-up"


def declare(parser: argparse.ArgumentParser) -> Runner:
    """bring a cloud up as the seed does: LXD, Juju, the bundle, post-deploy steps, credentials"""
    parser.add_argument("--dry-run", action="store_true", help="print the plan, one step per line with its command; "
                                                               "touch nothing")
    parser.add_argument("--only", default="lxd,juju,post-deploy", metavar="PHASES",
                        help="comma-separated phases among lxd, juju, post-deploy (default: all three)")
    parser.add_argument("--bundle", type=Path, metavar="FILE",
                        help="Juju bundle to deploy (default: the seed's bundle-newton-novalxd, shipped with lxdstack)")
    parser.add_argument("--bootstrap-config", type=Path, metavar="FILE",
                        help="YAML mapping for `juju bootstrap --config` (default: the seed's, default-series xenial)")
    parser.add_argument("--controller", default="lxd", help="Juju controller to bootstrap (default: %(default)s)")
    parser.add_argument("--model", default="openstack", help="Juju model to deploy into (default: %(default)s)")
    parser.add_argument("--settle-timeout", type=float, default=3600.0, metavar="SECONDS",
                        help="how long the model may take to settle after the deploy (default: %(default).0f)")
    parser.add_argument("--expectations", type=Path, metavar="FILE",
                        help="an expectations file whose `juju:` section says which applications may be settled in "
                             "another status than active (as for --juju-model)")
    parser.add_argument("--lxd", metavar="ENDPOINT", help="LXD unix socket path or https:// URL (default: the local "
                                                          "LXD, as `lxc` finds it)")
    parser.add_argument("--novarc", type=Path, default=Path("novarc"), metavar="PATH",
                        help="novarc to write from the model's keystone (default: ./novarc)")
    parser.add_argument("--clouds-yaml", type=Path, default=Path("clouds.yaml"), metavar="PATH",
                        help="clouds.yaml to merge the entry into; the post-deploy steps log in with it "
                             "(default: ./clouds.yaml)")
    parser.add_argument("--cloud-name", metavar="NAME", help="the clouds.yaml entry (default: the model's name)")
    parser.add_argument("--public-key", type=Path, default=Path("~/.ssh/id_rsa.pub"), metavar="FILE",
                        help="public key of the keypair `mykey` (default: %(default)s)")
    parser.add_argument("--image", type=Path, metavar="FILE",
                        help="root tarball uploaded as the raw image `xenial` when the cloud has none "
                             "(e.g. xenial-server-cloudimg-amd64-root.tar.gz; nothing is downloaded)")
    parser.add_argument("--timeout-scale", type=float, default=1.0, metavar="X",
                        help="multiply the OpenStack API timeouts by X, for slow clouds")

    one_line_error = one_line_errors(parser)

    def run(args: argparse.Namespace) -> int:
        from lxdstack.bringup.plan import bring_up, options_from
        from lxdstack.errors import InputError

        try:
            options = options_from(
                only=args.only, bundle=args.bundle, bootstrap_config=args.bootstrap_config,
                controller=args.controller, model=args.model, settle_timeout=args.settle_timeout,
                lxd_endpoint=args.lxd, novarc=args.novarc, clouds_yaml=args.clouds_yaml, cloud_name=args.cloud_name,
                public_key=args.public_key, image=args.image, timeout_scale=args.timeout_scale,
                expectations=args.expectations)
            return bring_up(options, dry_run=args.dry_run, prog=PROG)
        except InputError as exc:
            one_line_error(str(exc))
        return 2

    return run
