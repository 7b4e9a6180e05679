"""Bad command-line input, said as the suite says it: one line naming the command and the problem, exit status 2."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import NoReturn


def one_line_errors(parser: argparse.ArgumentParser) -> Callable[[str], NoReturn]:
    """Make `parser` report bad input as `<prog>: <message>` and exit 2 (no usage dump, no traceback); returns that
    reporter for the command's own checks."""

    def error(message: str) -> NoReturn:
        print(f"{parser.prog}: {message}", file=sys.stderr)
        sys.exit(2)

    parser.error = error  # type: ignore[method-assign]
    return error
