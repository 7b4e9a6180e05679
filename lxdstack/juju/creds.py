"""Credentials from a Juju model: a novarc like the seed's (openrcv3 style) and a clouds.yaml entry.

The novarc holds plain `export NAME=value` lines only, so `lxdstack --novarc` reads it without a shell (the seed's
own novarc needs one: it calls `juju run` inside backquotes). The clouds.yaml entry is merged: other entries stay.
Both files hold the admin password, so both are written atomically with mode 0600. When keystone's certificate is
signed by a private CA (its `ssl_ca`, or vault's root CA), the CA goes into `<name>-ca.pem` beside them and both
files point at it (OS_CACERT, cacert).
"""

from __future__ import annotations

import os
import re
import shlex
import tempfile
from pathlib import Path
from typing import Any

import yaml

from lxdstack.errors import InputError
from lxdstack.juju.client import connect
from lxdstack.juju.keystone import KeystoneAdmin, keystone_admin
from lxdstack.yamlfile import read_yaml


def read_credentials(model: str | None) -> KeystoneAdmin:
    """The admin credentials of `model`'s keystone (`model` None: the current model)."""
    client = connect(model)
    return keystone_admin(client, client.status())


def write_private(path: Path, text: str, mode: int = 0o600) -> None:
    """Replace `path` with `text` in one step: readers never see half a file, and it is never readable by others
    (mkstemp creates it 0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def novarc_text(admin: KeystoneAdmin, cacert: Path | None) -> str:
    variables = {
        "OS_AUTH_URL": admin.auth_url,
        "OS_USERNAME": admin.username,
        "OS_PASSWORD": admin.password,
        "OS_USER_DOMAIN_NAME": admin.domain,
        "OS_PROJECT_DOMAIN_NAME": admin.domain,
        "OS_PROJECT_NAME": admin.project,
        "OS_REGION_NAME": admin.region,
        "OS_IDENTITY_API_VERSION": "3",
        "OS_AUTH_TYPE": "password",
    }
    if cacert is not None:
        variables["OS_CACERT"] = str(cacert)
    header = (f"# Admin credentials of Juju model {admin.model}, read from {admin.unit} by `lxdstack juju-creds`.\n"
              f"# Plain assignments only: source it, or give it to the suite with --novarc=FILE.\n")
    return header + "".join(f"export {name}={shlex.quote(value)}\n" for name, value in variables.items())


def clouds_entry(admin: KeystoneAdmin, cacert: Path | None) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "auth_type": "password",
        "auth": {"auth_url": admin.auth_url, "username": admin.username, "password": admin.password,
                 "project_name": admin.project, "user_domain_name": admin.domain,
                 "project_domain_name": admin.domain},
        "region_name": admin.region,
        "interface": "public",
        "identity_api_version": 3,
    }
    if cacert is not None:
        entry["cacert"] = str(cacert)
    return entry


def merge_clouds_yaml(path: Path, name: str, entry: dict[str, Any]) -> None:
    """Set `clouds.<name>` in the clouds.yaml at `path`, keeping every other entry (the file may not exist)."""
    existing = read_yaml(path, "clouds.yaml") if path.exists() else None
    existing = existing or {}
    if not isinstance(existing, dict) or not isinstance(existing.get("clouds") or {}, dict):
        raise InputError(f"clouds.yaml {path}: not a clouds.yaml (expected a mapping with a `clouds` mapping)")
    merged = {**existing, "clouds": {**(existing.get("clouds") or {}), name: entry}}
    write_private(path, yaml.safe_dump(merged, sort_keys=False, default_flow_style=False))


def _file_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name)


def write_credentials(model: str | None, novarc: Path | None, clouds_yaml: Path | None,
                      cloud_name: str | None = None) -> KeystoneAdmin:
    """Read `model`'s keystone admin and write a novarc and/or merge a clouds.yaml entry (named `cloud_name`, by
    default the model's name); returns what was read. Bad input raises `InputError`, Juju trouble `JujuError`."""
    admin = read_credentials(model)
    name = cloud_name or admin.model
    cacert = None
    if admin.cacert:
        beside = Path(clouds_yaml or novarc or ".").resolve()
        cacert = (beside.parent if clouds_yaml or novarc else beside) / f"{_file_name(name)}-ca.pem"
        write_private(cacert, admin.cacert, mode=0o644)   # a CA certificate is public
    if novarc is not None:
        write_private(Path(novarc), novarc_text(admin, cacert))
    if clouds_yaml is not None:
        merge_clouds_yaml(Path(clouds_yaml), name, clouds_entry(admin, cacert))
    return admin
