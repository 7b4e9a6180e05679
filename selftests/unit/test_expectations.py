"""The expectations file's schema: the shipped files load, and mistakes are one line naming file and key."""

from pathlib import Path

import pytest

from lxdstack.errors import InputError
from lxdstack.expectations import load_expectations

SHIPPED = sorted((Path(__file__).resolve().parents[2] / "expectations").glob("*.yaml"))


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
], ids=["unknown-key", "bad-token-format", "neither-present-nor-absent", "bad-version", "yaml", "not-mapping"])
def test_mistakes_are_one_line_naming_the_file(tmp_path, text, message):
    path = tmp_path / "mine.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        load_expectations(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)
