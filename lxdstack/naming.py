"""The one naming scheme: `<prefix>-<run id>-<worker>-<purpose>-<random>`.

Everything the suite creates carries it, so a sweeper can find a crashed run's leftovers by prefix and run id.
"""

from __future__ import annotations

import re
import secrets
import string
from dataclasses import dataclass
from datetime import UTC, datetime

_ALPHABET = string.ascii_lowercase + string.digits
_PURPOSE = re.compile(r"^[a-z0-9]+$")
_RUN_ID_TIME = "%y%m%d%H%M"
# `make` below, read backwards: prefix, run id (UTC minute + 3), worker, purpose, 5 random characters.
_NAME = re.compile(r"^(?P<prefix>[a-z0-9]+)-(?P<run_id>(?P<minute>[0-9]{10})[a-z0-9]{3})"
                   r"-(?P<worker>[a-z0-9]+)-(?P<purpose>[a-z0-9]+)-[a-z0-9]{5}$")


def _random(length: int) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def new_run_id(now: datetime | None = None) -> str:
    """A run id that sorts by start time (UTC minute) and is unique among concurrent runs."""
    now = now or datetime.now(UTC)
    return now.strftime(_RUN_ID_TIME) + _random(3)


@dataclass(frozen=True)
class ParsedName:
    prefix: str
    run_id: str
    worker: str
    purpose: str
    started_at: datetime  # the run's start, to the minute (UTC)


def parse(name: str) -> ParsedName | None:
    """The parts of a name `Names.make` gave, or None for any other name (so a sweeper never takes it)."""
    found = _NAME.match(name or "")
    if not found:
        return None
    try:
        started = datetime.strptime(found["minute"], _RUN_ID_TIME).replace(tzinfo=UTC)
    except ValueError:  # ten digits that are no date: not a run id
        return None
    return ParsedName(found["prefix"], found["run_id"], found["worker"], found["purpose"], started)


@dataclass(frozen=True)
class Names:
    prefix: str
    run_id: str
    worker: str

    @property
    def run_prefix(self) -> str:
        """What every name of this run starts with."""
        return f"{self.prefix}-{self.run_id}-"

    def make(self, purpose: str) -> str:
        """A fresh name for a resource made for `purpose` (lowercase letters and digits)."""
        if not _PURPOSE.match(purpose):
            raise ValueError(f"purpose {purpose!r}: use lowercase letters and digits only")
        return f"{self.prefix}-{self.run_id}-{self.worker}-{purpose}-{_random(5)}"
