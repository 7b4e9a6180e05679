"""Assertion helpers whose failure messages say what the cloud did wrong, not just "DID NOT RAISE"."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass
class Refusal:
    """The error the cloud refused with, once the block has run."""

    value: BaseException | None = None


@contextmanager
def expect_refusal(error: type[BaseException], what: str) -> Iterator[Refusal]:
    """The block must fail with `error` (kept in the yielded `Refusal`); if the cloud accepts it instead, fail
    with `what`."""
    __tracebackhide__ = True
    refusal = Refusal()
    try:
        yield refusal
    except error as exc:
        refusal.value = exc
        return
    raise AssertionError(f"{what} (expected {error.__name__}, the cloud answered with success)")
