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


class FlavorExpectation(_Strict):
    """A flavor the cloud must have, exactly (drift is reported)."""

    ram: int
    disk: int
    ephemeral: int = 0
    vcpus: int
    public: bool = True


class HostExpectation(_Strict):
    """A compute host, and how the suite reaches its LXD to learn the storage driver.

    `lxd`: `embedded` (the embedded cloud says where its socket is), a unix socket path, an `https://` URL, or
    `none` when LXD cannot be reached from where the suite runs — then `storage` states the driver.
    """

    name: str
    zone: str = "nova"
    lxd: str = "embedded"
    storage: Literal["dir", "btrfs", "zfs", "lvm"] | None = None

    @model_validator(mode="after")
    def _storage_known_somehow(self) -> HostExpectation:
        if self.lxd == "none" and self.storage is None:
            raise ValueError("with `lxd: none`, state the host's LXD storage driver in `storage`")
        if self.lxd not in ("embedded", "none") and not self.lxd.startswith(("/", "https://")):
            raise ValueError(f"lxd {self.lxd!r}: use embedded, none, a socket path or an https:// URL")
        return self


class ComputeExpectation(_Strict):
    hypervisor_type: str = "lxd"
    # How this cloud's nova-lxd decides whether the host can give ephemeral disks:
    #   newton-exact: Newton compared GET /1.0 environment.storage exactly with zfs, btrfs and lvm, so a host with
    #                 two pool drivers ("btrfs | dir") is refused too;
    #   root-pool:    the driver of the pool the default profile's root disk uses.
    storage_rule: Literal["newton-exact", "root-pool"] = "newton-exact"
    hosts: tuple[HostExpectation, ...]
    boot_image: str = Field(description="the image the boot matrix uses; it must exist (raw or root-tar)")


class Expectations(_Strict):
    cloud: str = Field(description="what the report calls this cloud (the Allure epic)")
    release: str
    region: str = "RegionOne"
    roles: Roles = Roles()
    token_format: Literal["uuid", "fernet", "pki", "pkiz"]
    interfaces: tuple[Literal["public", "internal", "admin"], ...] = INTERFACES
    services: dict[str, ServiceExpectation]
    compute: ComputeExpectation | None = None
    flavors: dict[str, FlavorExpectation] = {}

    @model_validator(mode="after")
    def _compute_described(self) -> Expectations:
        compute = self.services.get("compute")
        if compute is not None and not compute.absent and self.compute is None:
            raise ValueError("compute is declared present: describe it in a `compute:` section (hosts, boot_image)")
        return self

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
