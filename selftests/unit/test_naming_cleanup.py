"""The naming scheme and the cleanup stack."""

import re

import pytest

from lxdstack.cleanup import Cleanup
from lxdstack.errors import CleanupFailed
from lxdstack.naming import Names, new_run_id


def test_names_carry_prefix_run_worker_purpose():
    names = Names(prefix="acc", run_id=new_run_id(), worker="gw1")
    name = names.make("member")
    assert re.fullmatch(rf"acc-{names.run_id}-gw1-member-[a-z0-9]{{5}}", name)
    assert name.startswith(names.run_prefix)
    assert names.make("member") != name


def test_purpose_must_be_plain():
    with pytest.raises(ValueError, match="lowercase"):
        Names("acc", "r", "main").make("Bad-Purpose")


def test_cleanup_runs_newest_first_and_collects_every_failure():
    done = []
    cleanup = Cleanup()
    cleanup.add("first", lambda: done.append("first"))
    cleanup.add("broken", lambda: 1 / 0)
    cleanup.add("last", lambda: done.append("last"))
    with pytest.raises(CleanupFailed) as caught:
        cleanup.run()
    assert done == ["last", "first"]
    assert "broken: ZeroDivisionError" in str(caught.value)
    assert len(cleanup) == 0
