"""Assertion helpers whose failure messages say what the cloud did wrong, not just "DID NOT RAISE"."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def expect_refusal(error: type[BaseException], what: str) -> Iterator[None]:
    """The block must fail with `error`; if the cloud accepts it instead, fail with `what`."""
    __tracebackhide__ = True
    try:
        yield
    except error:
        return
    raise AssertionError(f"{what} (expected {error.__name__}, the cloud answered with success)")
