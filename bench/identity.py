"""Benchmark: embedded cloud start-up, and the identity tests' wall time against the embedded cloud and against
a real Keystone, measured in one run so the ratios compare like with like.

    .venv/bin/python bench/identity.py [--repeat N] [--no-keystone]

Prints a table and writes bench/results/identity.json. Wall times include pytest's own start-up.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from lxdstack.embedded import EmbeddedCloud  # noqa: E402


def _median_seconds(action, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def embedded_start(repeat: int) -> float:
    """Seconds from launching `lxdstack cloud serve` to its printed auth URL (the stop is not counted)."""
    samples = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as workdir:
            started = time.perf_counter()
            cloud = EmbeddedCloud.start("newton-lxd", Path(workdir), password="bench")
            samples.append(time.perf_counter() - started)
            cloud.stop()
    return statistics.median(samples)


def identity_run(args: list[str], env: dict[str, str] | None = None) -> float:
    with tempfile.TemporaryDirectory() as workdir:
        command = [sys.executable, "-m", "pytest", "tests/identity", "-q", "-p", "no:cacheprovider",
                   f"--alluredir={workdir}/allure", f"--junitxml={workdir}/junit.xml", *args]
        started = time.perf_counter()
        done = subprocess.run(command, cwd=PROJECT, env={**os.environ, **(env or {})}, capture_output=True,
                              text=True, stdin=subprocess.DEVNULL)
        elapsed = time.perf_counter() - started
    if done.returncode != 0:
        causes = sorted({line for line in done.stdout.splitlines() if line.startswith("blocked by preflight")})
        raise SystemExit(f"identity tests failed ({' '.join(args) or 'embedded'}):\n" + "\n".join(causes)
                         + f"\n{done.stdout[-2000:]}")
    return elapsed


def keystone_run(repeat: int) -> float:
    lab = PROJECT / "lab" / "keystone"
    with tempfile.TemporaryDirectory() as workdir:
        clouds = Path(workdir) / "clouds.yaml"
        subprocess.run([str(lab / "up.sh"), "--clouds-yaml", str(clouds)], check=True, capture_output=True)
        try:
            return _median_seconds(lambda: identity_run(
                ["--os-cloud", "keystone", "--expectations", "expectations/keystone.yaml"],
                env={"OS_CLIENT_CONFIG_FILE": str(clouds)}), repeat)
        finally:
            subprocess.run([str(lab / "down.sh")], check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-keystone", action="store_true", help="skip the real-Keystone figure")
    options = parser.parse_args()
    figures = {
        "embedded_start_s": embedded_start(options.repeat * 2),
        "identity_embedded_s": _median_seconds(lambda: identity_run([]), options.repeat),
    }
    if not options.no_keystone:
        figures["identity_real_keystone_s"] = keystone_run(options.repeat)
        figures["ratio_real_over_embedded"] = figures["identity_real_keystone_s"] / figures["identity_embedded_s"]
    for name, value in figures.items():
        print(f"{name:28} {value:8.2f}")
    out = PROJECT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "identity.json").write_text(json.dumps({**figures, "repeat": options.repeat,
                                                   "when": time.strftime("%FT%TZ", time.gmtime())}, indent=2))


if __name__ == "__main__":
    main()
