"""Reading the operator's YAML files: any problem is one `InputError` line naming the file and the line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from lxdstack.errors import InputError


def read_yaml(path: Path | str, what: str) -> Any:
    """The parsed content of `path`; `what` names the file's role in the message (e.g. "expectations")."""
    try:
        with open(path, encoding="utf-8") as stream:
            return yaml.safe_load(stream)
    except OSError as exc:
        raise InputError(f"{what} {path}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(f"{what} {path}: not a text file") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise InputError(f"{what} {path}: not valid YAML{where}") from None
