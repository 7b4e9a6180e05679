"""Benchmark: the boot matrix at -n 0 and -n 4 against an embedded cloud whose servers take BOOT seconds.

    .venv/bin/python bench/boot_matrix.py [--boot-seconds 3]

For each run, two figures over the critical-path bound (boot time × ceil(boots / workers)):
- process: the whole `pytest` process's wall time;
- span: from the first boot case's start to the last case's end (Allure's own timestamps), i.e. from the first
  boot request to the last server gone.
Target: span ≤ 1.25 × bound. Writes bench/results/boot_matrix.json.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
MATRIX = "tests/compute/test_boot_matrix.py"


def run(workers: int, scenario: Path, workdir: Path) -> dict[str, float]:
    results = workdir / f"allure-{workers}"
    command = [sys.executable, "-m", "pytest", MATRIX, "-q", "-p", "no:cacheprovider", "-n", str(workers),
               f"--embedded-scenario={scenario}", f"--alluredir={results}", f"--junitxml={workdir}/junit.xml"]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    process = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"boot matrix failed at -n {workers}:\n{done.stdout[-3000:]}")
    cases = [json.loads(p.read_text()) for p in results.glob("*-result.json")]
    cases = [c for c in cases if "test_flavor_boots_on_host" in c.get("fullName", "")]
    span = (max(c["stop"] for c in cases) - min(c["start"] for c in cases)) / 1000
    return {"boots": len(cases), "process_s": process, "span_s": span}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boot-seconds", type=float, default=3.0)
    options = parser.parse_args()
    figures = {}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        scenario = workdir / "bench-boot.yaml"
        scenario.write_text(f"name: bench-boot\ndescription: every flavor boots in {options.boot_seconds} s\n"
                            f"base: newton-lxd-btrfs\npace: {{boot_seconds: {options.boot_seconds}}}\n")
        for workers in (0, 4):
            measured = run(workers, scenario, workdir)
            bound = options.boot_seconds * math.ceil(measured["boots"] / max(workers, 1))
            figures[f"n{workers}"] = {**measured, "bound_s": bound, "process_over_bound": measured["process_s"] / bound,
                                      "span_over_bound": measured["span_s"] / bound}
    for name, f in figures.items():
        print(f"-n {name[1:]}: {f['boots']} boots, bound {f['bound_s']:.1f} s, span {f['span_s']:.2f} s "
              f"({f['span_over_bound']:.2f}×), process {f['process_s']:.2f} s ({f['process_over_bound']:.2f}×)")
    out = PROJECT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "boot_matrix.json").write_text(json.dumps({"boot_seconds": options.boot_seconds, **figures}, indent=2))


if __name__ == "__main__":
    main()
