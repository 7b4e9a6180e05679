"""The expectations file's schema: the shipped files load, and mistakes are one line naming file and key."""

from pathlib import Path

import pytest

from lxdstack.errors import InputError
from lxdstack.expectations import load_expectations

EXPECTATIONS = Path(__file__).resolve().parents[2] / "expectations"
SHIPPED = sorted(EXPECTATIONS.glob("*.yaml"))


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_expectations_load(path):
    expectations = load_expectations(path)
    assert expectations.present_services()


def test_newton_lxd_declares_the_seed_catalog():
    expectations = load_expectations(Path(__file__).resolve().parents[2] / "expectations/newton-lxd.yaml")
    assert set(expectations.services) == {"identity", "compute", "image", "network", "volumev3", "volumev2"}
    assert (expectations.token_format, expectations.roles.member) == ("uuid", "Member")


@pytest.mark.parametrize("text, message", [
    ("cloud: x\nrelease: y\ntoken_format: uuid\nservices: {}\nflavours: []\n", "flavours: unknown key"),
    ("cloud: x\nrelease: y\ntoken_format: paper\nservices: {}\n", "token_format"),
    ("cloud: x\nrelease: y\ntoken_format: uuid\nservices: {compute: {}}\n", "services.compute"),
    ("cloud: x\nrelease: y\ntoken_format: uuid\nservices: {compute: {versions: [two]}}\n", "API version"),
    ("cloud: [x\n", "not valid YAML at line"),
    ("- a list\n", "mapping at the top level"),
    ("cloud: x\nrelease: y\ntoken_format: uuid\nservices: {network: {versions: [v2.0]}}\n",
     "network is declared present: describe it in a `network:` section"),
    ("extends: newton-lxd\nnetwork: {networks: {a: {subnets: {s: {cidr: 10.0.0.0/33}}}}, fixed_ip_network: a}\n",
     "not a network in CIDR notation"),
    ("extends: newton-lxd\nnetwork: {networks: {a: {subnets: {}}}, fixed_ip_network: b}\n",
     "fixed_ip_network 'b' is not one of `networks`"),
    ("extends: newton-lxd\nnetwork: {networks: {a: {subnets: {}}}, fixed_ip_network: a,\n"
     "  routers: {r: {interfaces: [x]}}}\n",
     "router r: interfaces name unknown subnets: x"),
    ("extends: newton-lxd\ncompute: {boot_image: i, hosts: [{name: h, lxd: none}]}\n",
     "host h: with `lxd: none`, state its LXD storage driver"),
], ids=["unknown-key", "bad-token-format", "neither-present-nor-absent", "bad-version", "yaml", "not-mapping",
        "network-undescribed", "bad-cidr", "unknown-fixed-ip-network", "unknown-router-subnet", "lxd-none-no-storage"])
def test_mistakes_are_one_line_naming_the_file(tmp_path, text, message):
    (tmp_path / "newton-lxd.yaml").write_text(EXPECTATIONS.joinpath("newton-lxd.yaml").read_text())
    path = tmp_path / "mine.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        load_expectations(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)


def test_extends_merges_over_the_named_file(tmp_path):
    (tmp_path / "base.yaml").write_text("cloud: x\nrelease: y\ntoken_format: uuid\n"
                                        "services: {identity: {versions: [v3]}}\n")
    (tmp_path / "child.yaml").write_text("extends: base\ntoken_format: fernet\n")
    child = load_expectations(tmp_path / "child.yaml")
    assert (child.cloud, child.token_format) == ("x", "fernet")


def test_extends_loop_is_an_input_error(tmp_path):
    (tmp_path / "a.yaml").write_text("extends: b\n")
    (tmp_path / "b.yaml").write_text("extends: a\n")
    with pytest.raises(InputError, match="in a loop"):
        load_expectations(tmp_path / "a.yaml")


def test_pki_warning_window_defaults_to_30_days_and_is_overridable(tmp_path):
    assert load_expectations(EXPECTATIONS / "newton-lxd.yaml").pki.certificate_warning_days == 30
    assert load_expectations(EXPECTATIONS / "newton-lxd-pkiz.yaml").token_format == "pkiz"
    (tmp_path / "newton-lxd.yaml").write_text(EXPECTATIONS.joinpath("newton-lxd.yaml").read_text())
    (tmp_path / "mine.yaml").write_text("extends: newton-lxd\ntoken_format: pki\npki: {certificate_warning_days: 90}\n")
    assert load_expectations(tmp_path / "mine.yaml").pki.certificate_warning_days == 90
    (tmp_path / "bad.yaml").write_text("extends: newton-lxd\npki: {certificate_warning_day: 90}\n")
    with pytest.raises(InputError, match="pki.certificate_warning_day: unknown key"):
        load_expectations(tmp_path / "bad.yaml")
