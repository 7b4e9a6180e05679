"""What a healthy cloud looks like: the expectations file, validated against a strict schema.

Tests parametrize from this file, so collection needs no network and is identical on every xdist worker.
A capability the file declares absent is skipped with the file's reason; anything declared present must work.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from lxdstack.errors import InputError
from lxdstack.yamlfile import read_yaml

INTERFACES = ("public", "internal", "admin")
_VERSION = re.compile(r"^v\d+(\.\d+)?$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Roles(_Strict):
    admin: str = "admin"
    member: str = "member"


class ServiceExpectation(_Strict):
    """A service type the catalog must offer (with the API versions its discovery must list), or its absence."""

    versions: tuple[str, ...] = ()
    absent: str | None = Field(default=None, description="why this cloud has no such service")

    @field_validator("versions")
    @classmethod
    def _versions_look_like_versions(cls, versions: tuple[str, ...]) -> tuple[str, ...]:
        for version in versions:
            if not _VERSION.match(version):
                raise ValueError(f"{version!r} is not an API version such as v3 or v2.1")
        return versions

    @model_validator(mode="after")
    def _either_present_or_absent(self) -> ServiceExpectation:
        if bool(self.versions) == bool(self.absent):
            raise ValueError("give either `versions` (the service must exist) or `absent: <reason>`")
        return self


class Expectations(_Strict):
    cloud: str = Field(description="what the report calls this cloud (the Allure epic)")
    release: str
    region: str = "RegionOne"
    roles: Roles = Roles()
    token_format: Literal["uuid", "fernet", "pki", "pkiz"]
    interfaces: tuple[Literal["public", "internal", "admin"], ...] = INTERFACES
    services: dict[str, ServiceExpectation]

    def present_services(self) -> dict[str, ServiceExpectation]:
        return {name: svc for name, svc in self.services.items() if not svc.absent}


def _location(error: dict) -> str:
    return ".".join(str(part) for part in error["loc"]) or "(top level)"


def _read(path: Path, seen: tuple[Path, ...] = ()) -> dict:
    """The file's mapping, with `extends: NAME` (a file beside it) merged underneath."""
    data = read_yaml(path, "expectations")
    if not isinstance(data, dict):
        raise InputError(f"expectations {path}: expected a mapping at the top level")
    base_name = data.pop("extends", None)
    if base_name is None:
        return data
    base = path.parent / f"{base_name}.yaml"
    if base in seen:
        raise InputError(f"expectations {path}: extends {base_name} in a loop")
    return {**_read(base, (*seen, path)), **data}


def load_expectations(path: Path) -> Expectations:
    """Load and validate an expectations file; any problem is one `InputError` line naming the file."""
    path = Path(path)
    data = _read(path)
    try:
        return Expectations.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        problem = "unknown key" if first["type"] == "extra_forbidden" else first["msg"]
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise InputError(f"expectations {path}: {_location(first)}: {problem}{more}") from None
