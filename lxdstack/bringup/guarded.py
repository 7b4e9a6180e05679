"""Steps whose failures arrive as StepFailed, whatever the tool underneath raised.

A bring-up step talks to juju, to OpenStack's APIs or to files; each fails in its own exception types. The
bring-up must stop at the first failure with that step's name and the tool's own words, and never with a
traceback, so each step says which errors it expects and how to turn one into the output to show.
"""

from __future__ import annotations

from collections.abc import Callable

from lxdstack.bringup.steps import Step, StepFailed

Errors = type[BaseException] | tuple[type[BaseException], ...]


def guarded_step(name: str, title: str, command: str, is_done: Callable[[], bool], apply: Callable[[], None],
                 errors: Errors, describe: Callable[[BaseException], str] = str) -> Step:
    """A Step whose `is_done` and `apply` raise StepFailed(step, describe(error)) for any of `errors`."""

    def guard(call: Callable[[], object]) -> object:
        try:
            return call()
        except StepFailed:
            raise
        except errors as error:
            raise StepFailed(step, describe(error)) from error

    step = Step(name=name, title=title, command=command,
                is_done=lambda: bool(guard(is_done)), apply=lambda: guard(apply) and None)
    return step
