"""The `openstack image` commands against the embedded Glance, as a person would type them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

OPENSTACK_CLI = Path(sys.executable).parent / "openstack"


def cli(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_") or k == "OS_CLIENT_CONFIG_FILE"}
    return subprocess.run([str(OPENSTACK_CLI), "--os-cloud", "embedded", *args], capture_output=True, text=True,
                          env=env, timeout=60, check=False)


def test_create_list_show_save_delete(sdk_env, tmp_path: Path, image_name: str) -> None:
    source = tmp_path / "disk.qcow2"
    source.write_bytes(b"QFI\xfb" + b"\0" * 2044)
    created = cli("image", "create", "--disk-format", "qcow2", "--container-format", "bare", "--file", str(source),
                  "--property", "purpose=cli", image_name, "-f", "json")
    assert created.returncode == 0, created.stderr
    image = json.loads(created.stdout)
    assert (image["status"], image["disk_format"], image["size"]) == ("active", "qcow2", 2048)
    try:
        listed = json.loads(cli("image", "list", "-f", "json").stdout)
        assert {"xenial", image_name} <= {row["Name"] for row in listed}
        shown = json.loads(cli("image", "show", image_name, "-f", "json").stdout)
        assert (shown["id"], shown["properties"]["purpose"]) == (image["id"], "cli")
        saved = tmp_path / "saved"
        assert cli("image", "save", "--file", str(saved), image_name).returncode == 0
        assert saved.read_bytes() == source.read_bytes()
    finally:
        deleted = cli("image", "delete", image_name)
    assert deleted.returncode == 0, deleted.stderr
    assert cli("image", "show", image_name).returncode != 0


def test_show_preprovisioned_xenial(sdk_env) -> None:
    shown = json.loads(cli("image", "show", "xenial", "-f", "json").stdout)
    assert (shown["disk_format"], shown["container_format"], shown["visibility"]) == ("raw", "bare", "public")


def test_a_format_the_charm_leaves_out_is_refused_by_the_cloud(sdk_env, image_name: str) -> None:
    refused = cli("image", "create", "--disk-format", "vhdx", image_name)
    assert refused.returncode != 0
    assert "BadRequestException: 400" in refused.stderr, refused.stderr
    assert "'vhdx' is not one of" in refused.stderr
