"""What one acceptance run knows about itself; plain data, shared by the pytest controller with its workers."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from lxdstack.preflight import PreflightResult
from lxdstack.target import Target


@dataclass(frozen=True)
class RunContext:
    target: Target
    run_id: str
    prefix: str
    timeout_scale: float = 1.0
    preflight: PreflightResult | None = None

    def evolve(self, **changes: Any) -> RunContext:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target.to_dict(), "run_id": self.run_id, "prefix": self.prefix,
                "timeout_scale": self.timeout_scale,
                "preflight": self.preflight.to_dict() if self.preflight else None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunContext:
        preflight = PreflightResult.from_dict(data["preflight"]) if data.get("preflight") else None
        return cls(target=Target.from_dict(data["target"]), run_id=data["run_id"], prefix=data["prefix"],
                   timeout_scale=data["timeout_scale"], preflight=preflight)
