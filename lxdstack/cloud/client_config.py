"""The files that tell clients where the embedded cloud is: a clouds.yaml entry and a v3 novarc.

clouds.yaml is merged, never clobbered: other clouds in it stay. Both files hold a password, so they are written
atomically with mode 0600.
"""

from __future__ import annotations

import os
import shlex
import tempfile
from pathlib import Path
from typing import Any

import yaml

from lxdstack.cloud.scenario import describe_yaml_error

CLOUD_NAME = "embedded"


class ClientConfigError(ValueError):
    """An existing clouds.yaml cannot be merged into; `str()` is one line naming the file."""


def read_clouds_yaml(path: Path) -> dict[str, Any]:
    """The existing clouds.yaml's mapping ({} when there is none), checked before anything is written."""
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ClientConfigError(f"{path}: cannot read: {getattr(error, 'strerror', None) or error}") from None
    except yaml.YAMLError as error:
        raise ClientConfigError(f"{path}: not valid YAML: {describe_yaml_error(error)}") from None
    if data is None:
        return {}
    if not isinstance(data, dict) or not isinstance(data.get("clouds", {}), dict):
        raise ClientConfigError(f"{path}: not a clouds.yaml (expected a mapping with a `clouds` mapping)")
    return data


def cloud_entry(auth_url: str, password: str, region: str) -> dict[str, Any]:
    """The `embedded` entry: the admin user of the admin project, as the seed's novarc."""
    return {
        "auth_type": "password",
        "auth": {
            "auth_url": auth_url,
            "username": "admin",
            "password": password,
            "project_name": "admin",
            "user_domain_name": "Default",
            "project_domain_name": "Default",
        },
        "region_name": region,
        "interface": "public",
        "identity_api_version": 3,
    }


def write_clouds_yaml(path: Path, existing: dict[str, Any], entry: dict[str, Any]) -> None:
    """`existing` with `clouds.embedded` set to `entry`, written atomically (0600)."""
    merged = dict(existing)
    merged["clouds"] = {**(existing.get("clouds") or {}), CLOUD_NAME: entry}
    _write_private(path, yaml.safe_dump(merged, sort_keys=False, default_flow_style=False))


def write_novarc(path: Path, auth_url: str, password: str, region: str) -> None:
    """A v3 novarc for the admin user (plain `export NAME=value` lines, no shell needed to read it)."""
    variables = {
        "OS_AUTH_URL": auth_url,
        "OS_USERNAME": "admin",
        "OS_PASSWORD": password,
        "OS_PROJECT_NAME": "admin",
        "OS_USER_DOMAIN_NAME": "Default",
        "OS_PROJECT_DOMAIN_NAME": "Default",
        "OS_REGION_NAME": region,
        "OS_IDENTITY_API_VERSION": "3",
        "OS_INTERFACE": "public",
    }
    _write_private(path, "".join(f"export {name}={shlex.quote(value)}\n" for name, value in variables.items()))


def _write_private(path: Path, text: str) -> None:
    """Replace `path` with `text` in one step; readers never see half a file, others never read it."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")  # mkstemp: mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
