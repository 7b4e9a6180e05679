"""Read a novarc/openrc file without running a shell.

Only plain assignments are understood (`export OS_X=value`, quoted or not). A file that needs a shell to mean
anything (command substitution, `${VAR:-default}`, references to other variables, other commands) is refused
with the line that needs it, because guessing its value would attach the suite to the wrong cloud.
"""

import re
import shlex
from pathlib import Path

from lxdstack.errors import InputError, NeedsShellError

_ASSIGNMENT = re.compile(r"^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$")
# What makes a value depend on a shell, in the order it is reported.
_SHELL_FEATURES = (
    (re.compile(r"`"), "command substitution (`...`)"),
    (re.compile(r"\$\("), "command substitution $(...)"),
    (re.compile(r"\$\{"), "parameter expansion ${...}"),
    (re.compile(r"\$[A-Za-z_]"), "a variable reference ($NAME)"),
)


def _needs_shell(path: Path, lineno: int, what: str) -> NeedsShellError:
    return NeedsShellError(
        f"novarc {path}:{lineno}: needs a shell ({what}); source it in your shell "
        f"(`. {path}`) and rerun pytest without --novarc: the OS_* variables are then used"
    )


def _value(path: Path, lineno: int, raw: str) -> str:
    raw = raw.strip()
    if raw.startswith("'"):
        # Single quotes are literal in a shell, so `$` inside them is just a character.
        pass
    else:
        for pattern, what in _SHELL_FEATURES:
            if pattern.search(raw):
                raise _needs_shell(path, lineno, what)
    try:
        words = shlex.split(raw, comments=True, posix=True)
    except ValueError as exc:
        raise InputError(f"novarc {path}:{lineno}: cannot parse value: {exc}") from None
    if len(words) > 1:
        raise _needs_shell(path, lineno, "an unquoted value with spaces")
    return words[0] if words else ""


def parse_novarc(path: Path) -> dict[str, str]:
    """Return the OS_* variables a novarc/openrc file sets, without running it."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"novarc {path}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(f"novarc {path}: not a text file") from None
    variables: dict[str, str] = {}
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _ASSIGNMENT.match(stripped)
        if not match:
            raise _needs_shell(path, lineno, f"a shell command: {stripped[:40]!r}")
        name, raw = match.groups()
        variables[name] = _value(path, lineno, raw)
    os_vars = {k: v for k, v in variables.items() if k.startswith("OS_")}
    if not os_vars:
        raise InputError(f"novarc {path}: sets no OS_* variables")
    return os_vars
