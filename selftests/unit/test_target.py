"""Target resolution: options, then OS_CLOUD, then OS_*, else the embedded cloud; bad input is one line."""

import pytest

from lxdstack.errors import InputError
from lxdstack.target import TargetOptions, resolve_target

GOOD_CLOUDS = """\
clouds:
  prod-lxd:
    auth:
      auth_url: http://127.0.0.1:5000/v3
      username: admin
      password: openstack
      project_name: admin
      user_domain_name: admin_domain
      project_domain_name: admin_domain
    region_name: RegionOne
  member:
    auth:
      auth_url: http://127.0.0.1:5000/v3
      username: demo
      password: openstack
      project_name: demo
      user_domain_name: Default
      project_domain_name: Default
  no-url:
    auth:
      username: admin
      password: openstack
"""


@pytest.fixture
def expectations_dir(tmp_path):
    from pathlib import Path
    return Path(__file__).resolve().parents[2] / "expectations"


@pytest.fixture
def clouds_yaml(tmp_path, monkeypatch):
    path = tmp_path / "clouds.yaml"
    path.write_text(GOOD_CLOUDS)
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(path))
    return path


def _resolve(environ=None, expectations_dir=None, **options):
    return resolve_target(TargetOptions(**options), environ or {}, expectations_dir)


def test_nothing_given_means_the_embedded_default_scenario(expectations_dir):
    target = _resolve(expectations_dir=expectations_dir)
    assert (target.kind, target.scenario, target.cloud) == ("embedded", "newton-lxd", None)
    assert target.expectations_path.endswith("expectations/newton-lxd.yaml")


def test_os_cloud_option_uses_clouds_yaml(clouds_yaml, expectations_dir):
    target = _resolve({"OS_CLIENT_CONFIG_FILE": str(clouds_yaml)}, expectations_dir, os_cloud="prod-lxd")
    assert (target.kind, target.cloud.cloud) == ("os-cloud", "prod-lxd")


def test_os_cloud_env_comes_before_os_variables(clouds_yaml, expectations_dir):
    environ = {"OS_CLOUD": "prod-lxd", "OS_AUTH_URL": "http://127.0.0.1:1/v3",
               "OS_CLIENT_CONFIG_FILE": str(clouds_yaml)}
    target = _resolve(environ, expectations_dir)
    assert (target.kind, target.label) == ("os-cloud", "OS_CLOUD=prod-lxd")


def test_os_variables_make_a_target(expectations_dir):
    environ = {"OS_AUTH_URL": "http://127.0.0.1:5000/v2.0", "OS_USERNAME": "admin",
               "OS_PASSWORD": "openstack", "OS_TENANT_NAME": "admin", "OS_REGION_NAME": "RegionOne"}
    target = _resolve(environ, expectations_dir)
    assert target.kind == "env"
    assert target.cloud.args["tenant_name"] == "admin"
    assert target.expectations_path.endswith("newton-lxd.yaml")


def test_explicit_option_beats_environment(tmp_path, expectations_dir):
    novarc = tmp_path / "novarc"
    novarc.write_text("export OS_AUTH_URL=http://127.0.0.1:5000/v3\nexport OS_USERNAME=admin\n"
                      "export OS_PASSWORD=x\nexport OS_PROJECT_NAME=admin\nexport OS_USER_DOMAIN_NAME=Default\n")
    target = _resolve({"OS_CLOUD": "whatever"}, expectations_dir, novarc=str(novarc))
    assert target.kind == "novarc"
    assert target.cloud.args["user_domain_name"] == "Default"


@pytest.mark.parametrize("options, message", [
    ({"os_cloud": "a", "novarc": "b"}, "--os-cloud and --novarc both choose a target"),
    ({"novarc": "b", "embedded_scenario": "newton-lxd"}, "--novarc and --embedded-scenario"),
    ({"os_cloud": "a", "juju_model": "m"}, "--os-cloud and --juju-model"),
], ids=["cloud-and-novarc", "novarc-and-scenario", "cloud-and-juju"])
def test_two_targets_at_once_is_an_input_error(options, message, expectations_dir):
    with pytest.raises(InputError, match=message):
        _resolve(expectations_dir=expectations_dir, **options)


def test_unknown_cloud_names_the_file(clouds_yaml, expectations_dir):
    with pytest.raises(InputError) as caught:
        _resolve({"OS_CLIENT_CONFIG_FILE": str(clouds_yaml)}, expectations_dir, os_cloud="nope")
    assert str(clouds_yaml) in str(caught.value) and "nope" in str(caught.value)


def test_malformed_clouds_yaml_names_file_and_line(tmp_path, monkeypatch, expectations_dir):
    path = tmp_path / "clouds.yaml"
    path.write_text("clouds:\n  x:\n    auth: [unclosed\n")
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(path))
    with pytest.raises(InputError, match=r"not valid YAML at line \d"):
        _resolve({"OS_CLIENT_CONFIG_FILE": str(path)}, expectations_dir, os_cloud="x")


def test_entry_without_auth_url_is_refused(clouds_yaml, expectations_dir):
    with pytest.raises(InputError, match="not given: auth_url"):
        _resolve({"OS_CLIENT_CONFIG_FILE": str(clouds_yaml)}, expectations_dir, os_cloud="no-url")


def test_os_variables_without_password_are_refused(expectations_dir):
    with pytest.raises(InputError, match="OS_PASSWORD is not set"):
        _resolve({"OS_AUTH_URL": "http://127.0.0.1:5000/v3", "OS_USERNAME": "admin"}, expectations_dir)


def test_unknown_scenario_is_an_input_error(expectations_dir):
    with pytest.raises(InputError, match="--embedded-scenario"):
        _resolve(expectations_dir=expectations_dir, embedded_scenario="no-such-scenario")


def test_scenario_names_its_expectations(expectations_dir):
    target = _resolve(expectations_dir=expectations_dir, embedded_scenario="fault-tokens-not-revoked")
    assert target.expectations_path.endswith("expectations/newton-lxd.yaml")


def test_member_cloud_must_exist(clouds_yaml, expectations_dir):
    environ = {"OS_CLIENT_CONFIG_FILE": str(clouds_yaml)}
    assert _resolve(environ, expectations_dir, os_cloud="prod-lxd", member_cloud="member").member.cloud == "member"
    with pytest.raises(InputError, match="--member-cloud"):
        _resolve(environ, expectations_dir, os_cloud="prod-lxd", member_cloud="ghost")


def test_explicit_expectations_file_wins(tmp_path, expectations_dir):
    target = _resolve(expectations_dir=expectations_dir, expectations=str(tmp_path / "mine.yaml"))
    assert target.expectations_path == str(tmp_path / "mine.yaml")
