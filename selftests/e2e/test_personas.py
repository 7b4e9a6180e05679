"""Personas against one embedded cloud that outlives the runs, so what a run leaves behind can be seen."""

import pytest
import yaml

from lxdstack.connect import CloudSpec, connect
from lxdstack.embedded import EmbeddedCloud
from support.acceptance import run_acceptance
from support.outcomes import healthy


@pytest.fixture(scope="module")
def cloud(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("cloud")
    with EmbeddedCloud.start("newton-lxd", workdir, password="persona-test") as started:
        # The scenario's `demo` user (member of project demo) as a second clouds.yaml entry.
        config = yaml.safe_load(started.clouds_yaml.read_text())
        demo = yaml.safe_load(yaml.safe_dump(config["clouds"]["embedded"]))
        demo["auth"].update(username="demo", project_name="demo")
        config["clouds"]["embedded-demo"] = demo
        started.clouds_yaml.write_text(yaml.safe_dump(config))
        yield started


def _names(conn, kind):
    listing = conn.identity.projects() if kind == "projects" else conn.identity.users()
    return sorted(item.name for item in listing)


def _admin(cloud):
    return connect(CloudSpec(cloud="embedded", config_file=str(cloud.clouds_yaml)))


def test_throwaway_member_is_created_and_removed(cloud, tmp_path):
    """The member tests pass (so a member existed, and it was not the admin), and nothing is left after."""
    admin = _admin(cloud)
    before = (_names(admin, "projects"), _names(admin, "users"))
    run = run_acceptance(["--os-cloud", "embedded", "-n", "2"], tmp_path,
                         env={"OS_CLIENT_CONFIG_FILE": str(cloud.clouds_yaml)})
    assert run.outcomes == healthy(), run.output[-3000:]
    assert (_names(admin, "projects"), _names(admin, "users")) == before, "the run left its member persona behind"


def test_member_cloud_option_uses_the_given_entry_and_creates_nothing(cloud, tmp_path):
    admin = _admin(cloud)
    before = (_names(admin, "projects"), _names(admin, "users"))
    run = run_acceptance(["--os-cloud", "embedded", "--member-cloud", "embedded-demo"], tmp_path,
                         env={"OS_CLIENT_CONFIG_FILE": str(cloud.clouds_yaml)})
    assert run.outcomes == healthy(), run.output[-3000:]
    assert (_names(admin, "projects"), _names(admin, "users")) == before
