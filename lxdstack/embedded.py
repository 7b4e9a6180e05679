"""Starting and stopping the embedded cloud from the suite's side.

The cloud runs as its own process (`python -m lxdstack cloud serve`), reached only over HTTP: this module is the one
place on the suite's side that knows how to start it. The child announces `auth_url=` and `clouds_yaml=` on
stdout once it listens; its log goes to a file in the work directory; it dies with the process that started it.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import selectors
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from lxdstack.cloud.scenario import load_scenario

LOG_NAME = "embedded-cloud.log"
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_PROJECT_ROOT = Path(__file__).resolve().parent.parent
_STOP_GRACE_SECONDS = 10.0


class EmbeddedCloudError(RuntimeError):
    """The embedded cloud did not come up; the message carries the end of its log."""


def _die_with_parent() -> None:
    # Runs in the child between fork and exec. Note: the kernel sends the signal when the *thread* that forked
    # exits, so start the cloud from a thread that lives as long as the run (pytest's main thread does).
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


@dataclass
class EmbeddedCloud:
    """A running embedded cloud process and where clients find it."""

    scenario: str
    auth_url: str
    clouds_yaml: Path
    process: subprocess.Popen

    @classmethod
    def start(cls, scenario: str, workdir: Path, password: str, timeout: float = 30.0) -> EmbeddedCloud:
        """Start a cloud of `scenario`, writing clouds.yaml and the log into `workdir`; return once it listens.

        A bad scenario raises `ScenarioError` before any process starts; a cloud that exits or stays silent for
        `timeout` seconds raises `EmbeddedCloudError` with the end of its log.
        """
        load_scenario(scenario)
        workdir = Path(workdir)
        workdir.mkdir(parents=True, exist_ok=True)
        log_path = workdir / LOG_NAME
        command = [
            # `--opt=value`: a random password may begin with "-", which argparse would take for an option.
            sys.executable, "-m", "lxdstack", "cloud", "serve", f"--scenario={scenario}", "--port=0",
            f"--password={password}", f"--clouds-yaml={workdir / 'clouds.yaml'}",
        ]
        env = dict(os.environ)
        # The child imports this very package, wherever it lives, whether or not it is installed.
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_PROJECT_ROOT), env.get("PYTHONPATH")]))
        try:
            with log_path.open("wb") as log:
                process = subprocess.Popen(
                    command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log, env=env,
                    preexec_fn=_die_with_parent,
                )
        except OSError as error:
            raise EmbeddedCloudError(f"cannot start the embedded cloud ({scenario}): {error}") from error
        try:
            announced = _read_announcement(process, log_path, time.monotonic() + timeout)
        except BaseException:
            _stop(process)
            raise
        return cls(scenario, announced["auth_url"], Path(announced["clouds_yaml"]), process)

    def stop(self) -> None:
        """SIGTERM, up to 10 s for a clean exit, then SIGKILL. Safe to call more than once."""
        _stop(self.process)

    def __enter__(self) -> EmbeddedCloud:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()


def _read_announcement(process: subprocess.Popen, log_path: Path, deadline: float) -> dict[str, str]:
    """The child's `key=value` lines until both `auth_url` and `clouds_yaml` are seen."""
    assert process.stdout is not None
    fd = process.stdout.fileno()
    announced: dict[str, str] = {}
    buffer = b""
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while not {"auth_url", "clouds_yaml"} <= announced.keys():
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(remaining):
                raise EmbeddedCloudError(
                    f"the embedded cloud did not announce itself in time; end of {log_path}:\n{_tail(log_path)}"
                )
            chunk = os.read(fd, 4096)
            if not chunk:  # stdout closed: the child is gone (or going)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=max(0.0, min(5.0, deadline - time.monotonic())))
                raise EmbeddedCloudError(
                    f"the embedded cloud exited (status {process.returncode}) before it was ready; "
                    f"end of {log_path}:\n{_tail(log_path)}"
                )
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                key, _, value = line.decode().strip().partition("=")
                announced[key] = value
    return announced


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=_STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process.stdout is not None and not process.stdout.closed:
        process.stdout.close()


def _tail(path: Path, lines: int = 20) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        return f"(no log: {error.strerror})"
    return "\n".join(text.splitlines()[-lines:]) or "(the log is empty)"
