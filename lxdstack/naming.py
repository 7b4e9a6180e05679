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


def _random(length: int) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def new_run_id(now: datetime | None = None) -> str:
    """A run id that sorts by start time (UTC minute) and is unique among concurrent runs."""
    now = now or datetime.now(UTC)
    return now.strftime("%y%m%d%H%M") + _random(3)


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
