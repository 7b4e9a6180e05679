"""The waiter: returns once true, times out naming what it waited for, fails fast on a raised failure."""

import itertools

import pytest

from lxdstack.errors import CloudTimeout
from lxdstack.waiters import wait_until


def test_returns_once_the_condition_holds():
    calls = itertools.count(1)
    wait_until(lambda: next(calls) >= 3, timeout=5, what="three calls", interval=0.001)
    assert next(calls) == 4


def test_times_out_naming_what_it_waited_for():
    with pytest.raises(CloudTimeout, match=r"timed out after 0\.\d s waiting for the impossible"):
        wait_until(lambda: False, timeout=0.2, what="the impossible", interval=0.01)


def test_a_failure_state_fails_at_once():
    calls = itertools.count(1)

    def condition():
        next(calls)
        raise RuntimeError("server went to ERROR")

    with pytest.raises(RuntimeError, match="ERROR"):
        wait_until(condition, timeout=5, what="never", interval=0.001)
    assert next(calls) == 2
