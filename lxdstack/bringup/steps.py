"""Bring-up as a list of idempotent steps: each says what it does, is skipped when already done, and stops the
bring-up with its command's output when it fails."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


class StepFailed(Exception):
    """A step failed; the message names the step and carries what its command said."""

    def __init__(self, step: Step, output: str) -> None:
        super().__init__(f"{step.name}: {step.title}: failed:\n{output.rstrip()}")
        self.step = step
        self.output = output


@dataclass(frozen=True)
class Step:
    name: str                      # short id, e.g. "lxd-bridge"
    title: str                     # what it does, one line, e.g. "LXD bridge lxdbr0: 10.0.8.1/24, no IPv6"
    command: str                   # the seed's equivalent command, shown by --dry-run
    is_done: Callable[[], bool]    # True when the step's result is already there (then it is skipped)
    apply: Callable[[], None]      # does it; raises StepFailed(step, output) on error


def plan(steps: Iterable[Step]) -> list[str]:
    """The plan as --dry-run prints it: one numbered line per step and its command; touches nothing."""
    lines = []
    for number, step in enumerate(steps, 1):
        lines.append(f"{number:2}. {step.title}")
        lines += [f"      $ {line}" for line in step.command.splitlines()]
    return lines


def run_steps(steps: Iterable[Step], say: Callable[[str], None] = print) -> None:
    """Run the steps in order: skip what is done, apply the rest, stop at the first failure (StepFailed)."""
    for step in steps:
        if step.is_done():
            say(f"skip  {step.title} (already done)")
            continue
        say(f"do    {step.title}")
        step.apply()
        if not step.is_done():
            raise StepFailed(step, "the step ran but its result is not there")
        say(f"done  {step.title}")
