"""The HTML report as a person sees it: built by `lxdstack report` from a faulty run, served on loopback and
rendered by headless Chromium, it must show the run's totals and its failures sorted into the suite's categories."""

import http.server
import json
import re
import shutil
import subprocess
import sys
import threading
from functools import partial

import pytest

from lxdstack.report import ALLURE, PROJECT
from support.acceptance import run_acceptance
from support.lanes import lane_unavailable

CHROMIUM = "/usr/bin/chromium"
# A host whose builds all fail, on a `dir`-free two-host cloud: ResourceFailed cases plus the qcow2 xfail.
SCENARIO = "fault-host-boot-errors"
CATEGORIES = {"Resource went to ERROR": 5, "Known limitation": 1}


@pytest.fixture(scope="module")
def tools():
    missing = [name for name in ("node", "java") if shutil.which(name) is None]
    if not shutil.which(CHROMIUM):
        missing.append("chromium")
    if missing:
        lane_unavailable(f"the report check needs {', '.join(missing)} (apt-get install chromium "
                         "default-jre-headless nodejs npm)")
    if not ALLURE.exists():
        # The same pinned install `make report` does; it takes a few seconds from the npm cache.
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=PROJECT, check=True,
                       capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def run(tools, tmp_path_factory):
    return run_acceptance(["--embedded-scenario", SCENARIO], tmp_path_factory.mktemp("report") / "run")


def build(results, out):
    completed = subprocess.run([sys.executable, "-m", "lxdstack", "report", "--results", str(results),
                                "--out", str(out)], cwd=PROJECT, capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, completed.stderr
    assert f"report={out / 'index.html'}" in completed.stdout.splitlines()
    return out


@pytest.fixture(scope="module")
def served(run, tmp_path_factory):
    out = build(run.results, tmp_path_factory.mktemp("report") / "html")
    handler = partial(QuietHandler, directory=str(out))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{server.server_port}/index.html"
        server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


def page_text(url, tmp_path):
    """The rendered page's visible text, as Chromium shows it once the report's scripts have run."""
    completed = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path}",
         "--virtual-time-budget=15000", "--dump-dom", url],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert completed.returncode == 0, completed.stderr[-2000:]
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", completed.stdout, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))


def test_overview_shows_the_runs_totals_and_categories(run, served, tmp_path):
    assert run.exit_code == 1, run.output[-3000:]
    text = page_text(served, tmp_path)
    total = len(list(run.results.glob("*-result.json")))  # the tests and the preflight result
    assert f"{total} test cases" in text, text[:2000]
    assert f"scenario {SCENARIO}" in text  # environment.properties names the target
    for name, count in CATEGORIES.items():
        assert f"{name} {count}" in text, text[:2000]


def test_categories_page_sorts_failures_by_cause(served, tmp_path):
    text = page_text(served + "#categories", tmp_path)
    assert "Categories" in text and "Broken test" not in text, text[:2000]
    for name, count in CATEGORIES.items():
        assert f"{name} {count}" in text, text[:2000]


def test_second_report_carries_the_first_reports_history(run, tmp_path):
    results = shutil.copytree(run.results, tmp_path / "results")
    out = build(results, tmp_path / "html")
    out = build(results, out)
    assert (results / "history" / "history.json").exists()  # carried from the first report
    trend = json.loads((out / "history" / "history-trend.json").read_text())
    assert len(trend) == 2 and trend[0]["data"]["total"] == len(list(results.glob("*-result.json")))
    # Allure 2 keys history by test case and parameters: each broken boot case has both runs' entries.
    history = json.loads((out / "history" / "history.json").read_text())
    twice_broken = [key for key, entry in history.items()
                    if [item["status"] for item in entry["items"]] == ["broken", "broken"]]
    assert len(twice_broken) == CATEGORIES["Resource went to ERROR"], history
