"""The suite-side launcher: fast start, early-exit reporting, clean and idempotent stop, dies with its parent."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lxdstack.cloud.scenario import ScenarioError
from lxdstack.embedded import LOG_NAME, EmbeddedCloud, EmbeddedCloudError
from lxdstack.waiters import wait_until

ROOT = Path(__file__).resolve().parents[3]


def test_start_returns_a_listening_cloud_and_stop_is_clean(tmp_path: Path, password: str) -> None:
    started = time.monotonic()
    cloud = EmbeddedCloud.start("newton-lxd-btrfs", tmp_path, password)
    elapsed = time.monotonic() - started
    try:
        assert elapsed < 10, f"start took {elapsed:.2f} s"
        assert cloud.scenario == "newton-lxd-btrfs"
        assert cloud.clouds_yaml == tmp_path / "clouds.yaml"
        assert cloud.auth_url.startswith("http://127.0.0.1:")
        assert cloud.process.poll() is None
    finally:
        cloud.stop()
    assert cloud.process.returncode == 0
    cloud.stop()  # idempotent
    assert (tmp_path / LOG_NAME).read_text() == ""  # quiet: no access log, no shutdown chatter


def test_context_manager_stops_the_cloud(tmp_path: Path, password: str) -> None:
    with EmbeddedCloud.start("newton-lxd", tmp_path, password) as cloud:
        assert cloud.process.poll() is None
    assert cloud.process.returncode == 0


def test_bad_scenario_fails_before_any_process_starts(tmp_path: Path, password: str) -> None:
    with pytest.raises(ScenarioError, match="unknown scenario"):
        EmbeddedCloud.start("newton-kvm", tmp_path / "work", password)
    assert not (tmp_path / "work").exists()


def test_child_that_exits_early_is_reported_with_its_log(tmp_path: Path, password: str) -> None:
    (tmp_path / "clouds.yaml").write_text("clouds: [unclosed\n")
    with pytest.raises(EmbeddedCloudError) as caught:
        EmbeddedCloud.start("newton-lxd", tmp_path, password, timeout=30)
    message = str(caught.value)
    assert "exited (status 2) before it was ready" in message
    assert "not valid YAML" in message


def test_nothing_more_is_printed_after_the_announcement(api, admin_token: str) -> None:
    """The cloud keeps serving when nobody reads its stdout, because it writes nothing more there."""
    for _ in range(20):
        assert api.request("GET", "/identity/v3/users", admin_token).status_code == 200
    with selectors.DefaultSelector() as selector:
        selector.register(api.cloud.process.stdout, selectors.EVENT_READ)
        assert selector.select(timeout=0) == []


def gone(pid: int) -> bool:
    """True once `pid` has exited (a zombie nobody reaped counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


def test_cloud_dies_with_the_process_that_started_it(tmp_path: Path, password: str) -> None:
    script = (
        "import signal, sys\nfrom pathlib import Path\nfrom lxdstack.embedded import EmbeddedCloud\n"
        "cloud = EmbeddedCloud.start('newton-lxd', Path(sys.argv[1]), sys.argv[2])\n"
        "print(cloud.process.pid, flush=True)\nsignal.pause()\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script, str(tmp_path), password], stdout=subprocess.PIPE,
                              text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    cloud_pid = None
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(parent.stdout, selectors.EVENT_READ)
            assert selector.select(timeout=30), "the parent never reported the cloud's pid"
        cloud_pid = int(parent.stdout.readline())
        assert not gone(cloud_pid)
        parent.kill()
        parent.wait(timeout=10)
        wait_until(lambda: gone(cloud_pid), timeout=10, what="the cloud to exit after its parent died")
    finally:
        parent.kill()
        parent.wait(timeout=10)
        if cloud_pid is not None and not gone(cloud_pid):
            os.kill(cloud_pid, signal.SIGKILL)


def test_a_password_that_looks_like_an_option_is_still_a_password(tmp_path: Path) -> None:
    """The suite's random passwords (token_urlsafe) begin with "-" one time in 64."""
    with EmbeddedCloud.start("newton-lxd", tmp_path, "-looks-like-an-option") as cloud:
        assert "-looks-like-an-option" in cloud.clouds_yaml.read_text()
