"""`@step("Boot server {name}")`: each call of a helper that talks to the cloud becomes a step in the Allure report.

Unlike `allure.step` used as a decorator, this records only the title, never the call's arguments as step
parameters: arguments include tokens, passwords and image data, which must not reach the report. The title is
formatted with the call's arguments by name, so choose the ones that are safe to show.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import allure

P = ParamSpec("P")
T = TypeVar("T")


def step(title: str) -> Callable[[Callable[P, T]], Callable[P, T]]:
    def decorate(func: Callable[P, T]) -> Callable[P, T]:
        signature = inspect.signature(func)

        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            with allure.step(title.format(**bound.arguments)):
                return func(*args, **kwargs)

        return wrapper

    return decorate
