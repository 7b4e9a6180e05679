"""`lxdstack cloud serve` as a person runs it: input errors in one line, merged clouds.yaml, clean stop."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
import yaml

ROOT = Path(__file__).resolve().parents[3]


def serve_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "lxdstack", "cloud", "serve", *args]


def child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def refused(tmp_path: Path, *args: str) -> str:
    """Run serve expecting a usage error; the one line it printed."""
    result = subprocess.run(serve_command(*args), cwd=tmp_path, env=child_env(), capture_output=True, text=True,
                            timeout=30, check=False)
    assert result.returncode == 2, result
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert not (tmp_path / "clouds.yaml").exists()
    return lines[0]


@pytest.mark.parametrize("host", ["10.0.0.1", "0.0.0.0", "example.org"])
def test_non_loopback_host_is_refused(tmp_path: Path, host: str) -> None:
    line = refused(tmp_path, "--host", host)
    assert line.startswith(f"lxdstack cloud serve: error: --host {host}: not ")
    assert "loopback" in line


def test_malformed_scenario_is_one_line(tmp_path: Path) -> None:
    scenario = tmp_path / "broken.yaml"
    scenario.write_text("name: [unclosed\n")
    line = refused(tmp_path, "--scenario", str(scenario))
    assert line.startswith(f"lxdstack cloud serve: error: {scenario}: not valid YAML: ")


def test_unknown_scenario_key_is_one_line(tmp_path: Path) -> None:
    scenario = tmp_path / "extra.yaml"
    scenario.write_text("name: x\ndescription: y\nbase: newton-lxd\nfoo: 1\n")
    line = refused(tmp_path, "--scenario", str(scenario))
    assert line == f"lxdstack cloud serve: error: {scenario}: unknown key `foo` at `foo`"


def test_unknown_scenario_name_is_one_line(tmp_path: Path) -> None:
    assert "unknown scenario 'newton-kvm'" in refused(tmp_path, "--scenario", "newton-kvm")


def test_malformed_clouds_yaml_is_left_untouched(tmp_path: Path) -> None:
    clouds = tmp_path / "clouds.yaml"
    clouds.write_text("clouds: [unclosed\n")
    result = subprocess.run(serve_command("--clouds-yaml", str(clouds)), cwd=tmp_path, env=child_env(),
                            capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 2
    assert result.stderr.startswith(f"lxdstack cloud serve: error: {clouds}: not valid YAML")
    assert len(result.stderr.splitlines()) == 1
    assert clouds.read_text() == "clouds: [unclosed\n"


def read_lines(process: subprocess.Popen, count: int, timeout: float) -> list[str]:
    """The first `count` stdout lines, read from the pipe itself (a buffered reader would hide them from select)."""
    buffer = b""
    deadline = time.monotonic() + timeout
    fd = process.stdout.fileno()
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while buffer.count(b"\n") < count:
            assert selector.select(max(0.0, deadline - time.monotonic())), f"only {buffer!r} after {timeout} s"
            chunk = os.read(fd, 4096)
            assert chunk, f"stdout closed after {buffer!r}"
            buffer += chunk
    return buffer.decode().splitlines()[:count]


def test_serve_merges_clouds_yaml_writes_novarc_and_stops_cleanly(tmp_path: Path) -> None:
    clouds = tmp_path / "clouds.yaml"
    other = {"auth": {"auth_url": "http://192.0.2.1:5000/v3"}, "region_name": "Elsewhere"}
    clouds.write_text(yaml.safe_dump({"clouds": {"prod-lxd": other}}))
    process = subprocess.Popen(
        serve_command("--password", "pw-9", "--novarc", "novarc", "--host", "localhost"),
        cwd=tmp_path, env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        auth_line, clouds_line, novarc_line = read_lines(process, 3, timeout=30)
        auth_url = auth_line.removeprefix("auth_url=")
        assert auth_url.startswith("http://127.0.0.1:") and auth_url.endswith("/identity/v3")
        assert clouds_line == f"clouds_yaml={clouds}"
        assert novarc_line == f"novarc={tmp_path / 'novarc'}"
        merged = yaml.safe_load(clouds.read_text())["clouds"]
        assert merged["prod-lxd"] == other
        assert merged["embedded"]["auth"]["auth_url"] == auth_url
        assert merged["embedded"]["auth"]["password"] == "pw-9"
        assert clouds.stat().st_mode & 0o777 == 0o600
        novarc = tmp_path / "novarc"
        assert novarc.stat().st_mode & 0o777 == 0o600
        exports = dict(line.removeprefix("export ").split("=", 1) for line in novarc.read_text().splitlines())
        assert exports == {
            "OS_AUTH_URL": auth_url, "OS_USERNAME": "admin", "OS_PASSWORD": "pw-9", "OS_PROJECT_NAME": "admin",
            "OS_USER_DOMAIN_NAME": "Default", "OS_PROJECT_DOMAIN_NAME": "Default", "OS_REGION_NAME": "RegionOne",
            "OS_IDENTITY_API_VERSION": "3", "OS_INTERFACE": "public",
        }
        assert requests.get(auth_url, timeout=10).status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)
        returncode = process.wait(timeout=15)
        stdout, stderr = process.communicate()
    assert returncode == 0
    assert stdout == b"" and stderr == b""


def test_sigint_also_stops_cleanly(tmp_path: Path) -> None:
    process = subprocess.Popen(serve_command(), cwd=tmp_path, env=child_env(), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    try:
        read_lines(process, 2, timeout=30)
    finally:
        process.send_signal(signal.SIGINT)
        returncode = process.wait(timeout=15)
        _, stderr = process.communicate()
    assert (returncode, stderr) == (0, b"")
    assert (tmp_path / "clouds.yaml").exists()  # the default is ./clouds.yaml
