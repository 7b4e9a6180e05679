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


def test_interval_grows_with_the_time_waited():
    from tenacity import RetryCallState

    from lxdstack.waiters import _proportional

    wait = _proportional(0.25, 5.0)
    state = RetryCallState(None, None, (), {})
    for elapsed, expected in ((0.0, 0.25), (10.0, 1.0), (300.0, 5.0)):
        state.outcome_timestamp = state.start_time + elapsed
        assert wait(state) == expected
