"""One recipe for connecting to a cloud, whatever the target kind.

A `CloudSpec` is plain data (it travels from the pytest controller to xdist workers as JSON); `connect` turns it
into an openstacksdk `Connection` through openstacksdk's own config loader, so clouds.yaml features
(`cacert`, `interface`, endpoint overrides…) work exactly as they do for the `openstack` CLI.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import openstack
from openstack.config import loader


@dataclass(frozen=True)
class CloudSpec:
    """How to reach a cloud: a clouds.yaml entry (`cloud`, optional `config_file`) or explicit `args`."""

    cloud: str | None = None
    config_file: str | None = None
    args: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CloudSpec:
        return cls(**data)

    def describe(self) -> str:
        """Name the cloud without revealing secrets."""
        if self.cloud:
            return f"clouds.yaml entry {self.cloud!r}" + (f" in {self.config_file}" if self.config_file else "")
        return f"{self.args.get('auth_url', '?')} as {self.args.get('username', '?')}"


def cloud_region(spec: CloudSpec) -> openstack.config.cloud_region.CloudRegion:
    """Load the spec through openstacksdk's loader (raises openstacksdk's own config errors)."""
    if spec.cloud:
        files = [spec.config_file] if spec.config_file else None
        config = loader.OpenStackConfig(config_files=files, load_envvars=False)
        return config.get_one(cloud=spec.cloud, **spec.args)
    config = loader.OpenStackConfig(load_yaml_config=False, load_envvars=False)
    return config.get_one(**spec.args)


def connect(spec: CloudSpec) -> openstack.connection.Connection:
    """A new openstacksdk connection (it authenticates lazily, on first use)."""
    return openstack.connection.Connection(config=cloud_region(spec), strict_proxies=False)


def args_from_os_variables(variables: dict[str, str]) -> dict[str, Any]:
    """openstacksdk keyword arguments from OS_* variables (environment or novarc), as its env loader maps them."""
    ignored = {"OS_CLOUD", "OS_CLIENT_CONFIG_FILE", "OS_CLIENT_SECURE_FILE"}
    return {name[3:].lower(): value for name, value in variables.items()
            if name.startswith("OS_") and name not in ignored}
