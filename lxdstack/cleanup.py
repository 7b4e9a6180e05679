"""The one cleanup mechanism: a stack of undo steps, run in reverse, errors collected not swallowed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from lxdstack.errors import CleanupFailed

log = logging.getLogger(__name__)


class Cleanup:
    """Register an undo step the moment something exists; `run()` undoes everything, newest first."""

    def __init__(self) -> None:
        self._steps: list[tuple[str, Callable[[], Any]]] = []

    def add(self, description: str, step: Callable[[], Any]) -> None:
        self._steps.append((description, step))

    def __len__(self) -> int:
        return len(self._steps)

    def run(self) -> None:
        """Run every step even when some fail; raise `CleanupFailed` listing the failures."""
        failures: list[tuple[str, BaseException]] = []
        while self._steps:
            description, step = self._steps.pop()
            try:
                step()
            except Exception as exc:  # noqa: BLE001 - every failure is reported below
                log.warning("cleanup step failed: %s: %s", description, exc)
                failures.append((description, exc))
        if failures:
            raise CleanupFailed(failures)
