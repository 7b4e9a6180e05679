"""The boot matrix side by side: the same suite test (tests/compute/test_boot_matrix.py) on the embedded cloud and
on real Nova with the lab nova-lxd driver on a real LXD (`make aio`'s host lxd1), outcomes and fault texts in
columns per flavor.

    .venv/bin/python bench/fidelity_matrix.py [--clouds-yaml FILE] [--real aio]

Embedded columns: `newton-lxd` (a `dir` host, Newton's exact `environment.storage` rule) and `newton-lxd-btrfs`
(a btrfs host). Real column: the matrix run with `--os-cloud aio --expectations expectations/aio-lxd.yaml`,
host lxd1 only (host aio runs Nova's fake driver), skipped when the clouds.yaml (OS_CLIENT_CONFIG_FILE, else the
project's) has no cloud `aio`; which of lxd1's pools is in use is whatever `make aio` last set (dir or btrfs).
Host names differ (juju-7f3a21-0 vs lxd1), so rows are keyed by flavor only and a host's name in a message reads
`<host>`. Not a timing: every figure is an outcome (passed, xfailed, failed...) and a text: the server's fault for
an xfail (the part of pytest's message after "Nova's fault: "), else the start of pytest's message. Writes
bench/results/fidelity_matrix.json; exit status 1 when an embedded run fails, or the real column disagrees with
the embedded column of the same storage on an outcome or a fault text.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parents[1]
MATRIX = "tests/compute/test_boot_matrix.py"
EMBEDDED = {"dir": "newton-lxd", "btrfs": "newton-lxd-btrfs"}
REAL_HOST = "lxd1"


FAULT = "Nova's fault: "


def _outcome(case: dict, host: str) -> tuple[str, str]:
    """(outcome, text) of one Allure result: an xfail is `skipped` with pytest's XFailed message, whose text is
    reduced to the server's fault; any other message keeps its first 300 characters, the host named `<host>`."""
    status = case.get("status", "unknown")
    message = " ".join(((case.get("statusDetails") or {}).get("message") or "").split())
    if status == "skipped" and message.startswith("XFAIL"):
        status = "xfailed"
    if FAULT in message:
        return status, message.split(FAULT, 1)[1]
    return status, message.replace(host, "<host>")[:300]


def run_matrix(workdir: Path, label: str, args: list[str], env: dict[str, str], host: str | None
               ) -> dict[str, tuple[str, str]]:
    """flavor -> (outcome, message) of the matrix run with `args` (cases on `host` only when given)."""
    results = workdir / f"allure-{label}"
    command = [sys.executable, "-m", "pytest", MATRIX, "-q", "-p", "no:cacheprovider", "-n", "0",
               f"--alluredir={results}", *args]
    done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, stdin=subprocess.DEVNULL, env=env)
    rows = {}
    for path in results.glob("*-result.json"):
        case = json.loads(path.read_text())
        if "test_flavor_boots_on_host" not in case.get("fullName", ""):
            continue
        params = {p["name"]: p["value"].strip("'\"") for p in case.get("parameters", [])}
        if host is not None and params.get("host_name") != host:
            continue
        rows[params.get("flavor_name", "?")] = _outcome(case, params.get("host_name", "?"))
    if not rows:
        raise SystemExit(f"{label}: the boot matrix ran no case (exit {done.returncode}):\n{done.stdout[-2000:]}")
    return rows


def has_cloud(clouds_yaml: Path, name: str) -> bool:
    """Whether `clouds_yaml` declares cloud `name` (only its keys are read)."""
    try:
        clouds = (yaml.safe_load(clouds_yaml.read_text()) or {}).get("clouds") or {}
    except (OSError, yaml.YAMLError):
        return False
    return name in clouds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", default="aio", help="the real cloud's clouds.yaml entry (default aio)")
    parser.add_argument("--clouds-yaml", type=Path,
                        default=Path(os.environ.get("OS_CLIENT_CONFIG_FILE", PROJECT / "clouds.yaml")))
    options = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    columns: dict[str, dict[str, tuple[str, str]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for storage, scenario in EMBEDDED.items():
            columns[f"embedded {storage}"] = run_matrix(workdir, scenario, [f"--embedded-scenario={scenario}"],
                                                        env, None)
        if has_cloud(options.clouds_yaml, options.real):
            columns[f"real {REAL_HOST}"] = run_matrix(
                workdir, "real", [f"--os-cloud={options.real}", "--expectations=expectations/aio-lxd.yaml"],
                {**env, "OS_CLIENT_CONFIG_FILE": str(options.clouds_yaml.absolute())}, REAL_HOST)
        else:
            print(f"real {REAL_HOST}: skipped, no cloud {options.real!r} in {options.clouds_yaml}")
    failed = [f"{name} {flavor}: {outcome} {message}" for name, rows in columns.items() if name.startswith("embedded")
              for flavor, (outcome, message) in rows.items() if outcome not in ("passed", "xfailed")]
    disagreements = _disagreements(columns)
    for flavor in sorted({f for rows in columns.values() for f in rows}):
        print(flavor)
        for name, rows in columns.items():
            outcome, message = rows.get(flavor, ("absent", ""))
            print(f"  {name:<16} {outcome:<8} {message}")
    for line in failed + disagreements:
        print(f"DIFFERS: {line}")
    out = PROJECT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "fidelity_matrix.json").write_text(json.dumps(
        {name: {flavor: {"outcome": o, "message": m} for flavor, (o, m) in rows.items()}
         for name, rows in columns.items()}, indent=2))
    return 1 if failed or disagreements else 0


def _disagreements(columns: dict[str, dict[str, tuple[str, str]]]) -> list[str]:
    """The real column against the embedded column of the same storage: xfailed vs passed tells which pool lxd1
    used (any ephemeral flavor xfailed: dir); outcomes and fault texts must then be equal."""
    real = columns.get(f"real {REAL_HOST}")
    if real is None:
        return []
    storage = "dir" if any(outcome == "xfailed" for outcome, _ in real.values()) else "btrfs"
    embedded = columns[f"embedded {storage}"]
    return [f"{flavor}: real {REAL_HOST} {real.get(flavor)} vs embedded {storage} {embedded.get(flavor)}"
            for flavor in sorted(set(real) | set(embedded)) if real.get(flavor) != embedded.get(flavor)]


if __name__ == "__main__":
    raise SystemExit(main())
