"""Lanes run real components; where one cannot run, it is skipped — or fails when REQUIRE_LANES=1 (CI)."""

import os

import pytest


def lane_unavailable(reason: str) -> None:
    __tracebackhide__ = True
    if os.environ.get("REQUIRE_LANES") == "1":
        pytest.fail(f"REQUIRE_LANES=1 but this lane cannot run: {reason}")
    pytest.skip(reason)
