"""The acceptance suite's entry point: its command-line options and its fixture plugins (in fixtures/)."""

pytest_plugins = [
    "fixtures.run",
    "fixtures.reporting",
    "fixtures.personas",
    "fixtures.parametrize",
    "fixtures.catalog",
    "fixtures.pki",
    "fixtures.compute",
    "fixtures.network",
    "fixtures.volume",
    "fixtures.hygiene",
    "fixtures.platform",
    "fixtures.orphans",
    "fixtures.juju",
    "fixtures.bringup",
]


def pytest_addoption(parser):
    target = parser.getgroup("lxdstack target", "which cloud to test (default: the embedded cloud)")
    target.addoption("--os-cloud", metavar="NAME", help="a clouds.yaml entry (as for the openstack CLI)")
    target.addoption("--novarc", metavar="FILE", help="a novarc/openrc file, read without a shell")
    target.addoption("--juju-model", metavar="NAME", help="read credentials from a Juju model")
    target.addoption("--embedded-scenario", metavar="NAME|FILE",
                     help="run an embedded cloud with this scenario (default newton-lxd)")
    target.addoption("--member-cloud", metavar="NAME",
                     help="clouds.yaml entry for the member persona (default: a throw-away project and user)")
    target.addoption("--expectations", metavar="FILE",
                     help="what a healthy cloud looks like (default: the scenario's, else newton-lxd.yaml)")
    run = parser.getgroup("lxdstack run")
    run.addoption("--prefix", default="acc", help="first part of every name the run gives (default: acc)")
    run.addoption("--timeout-scale", type=float, default=1.0, metavar="X",
                  help="multiply every timeout by X, for slow clouds")
    run.addoption("--keep-on-failure", action="store_true",
                  help="keep what a failed test created (listed at the end, with the lxdstack sweep that removes it)")
