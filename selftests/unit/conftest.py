"""Fixtures shared by the unit tests."""

import pytest

from support.juju import FakeJuju


@pytest.fixture
def fake_juju(tmp_path, monkeypatch):
    """`fake_juju(family, *statuses)`: the stand-in `juju` of that family (2.9 or 3.6) on PATH for this test,
    replaying the named status records in order (the last repeats)."""
    def make(family: str, *statuses: str) -> FakeJuju:
        juju = FakeJuju(tmp_path / f"juju-{family}", family).install(monkeypatch)
        return juju.statuses(*statuses) if statuses else juju
    return make
