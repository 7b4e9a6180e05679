"""Compare the embedded cloud with a real one: drive the acceptance tests' operations against both and print
every behaviour where they differ (fields, statuses and status sequences, error codes and messages, headers,
version discovery, microversions), each classified by bench/fidelity_known.py.

    .venv/bin/python bench/fidelity.py --real aio --embedded-scenario newton-lxd

The embedded cloud is started here; the real one is a clouds.yaml entry (OS_CLIENT_CONFIG_FILE, else the project's
clouds.yaml). Everything made is named `fid-<run id>-...` and deleted at the end, failures included; a sweep of
the run's prefix follows as a safety net. Writes bench/results/fidelity.json. Exit status 1 when a difference is
unexplained or a side failed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

import openstack  # noqa: E402
from fidelity_compare import compared, differences, table  # noqa: E402
from fidelity_probes import Run, fixed_ip_ports, identity, image, network_reads  # noqa: E402
from fidelity_record import Recorder  # noqa: E402
from fidelity_servers import compute  # noqa: E402
from fidelity_volumes import volumes  # noqa: E402
from openstack.connection import Connection  # noqa: E402

from lxdstack import leftovers  # noqa: E402
from lxdstack.cleanup import Cleanup  # noqa: E402
from lxdstack.embedded import EmbeddedCloud  # noqa: E402
from lxdstack.naming import Names, new_run_id  # noqa: E402
from lxdstack.timeouts import Timeouts  # noqa: E402

# The cloud the embedded side uses for "a volume no backend can take" (the real side uses a volume type).
UNPLACEABLE_SCENARIO = "fault-cinder-volume-down"


PROXIES = ("identity", "compute", "image", "network", "block_storage")
RETRIES = 120           # a real cloud's services may be restarted under us: wait for them, ~10 minutes
RETRY_DELAY_S = 5.0


def _connect(cloud: str, config_file: Path) -> Connection:
    """A connection whose every request outlasts a service being restarted (refused connections, 502/503/504)."""
    config = openstack.config.loader.OpenStackConfig(config_files=[str(config_file)], load_envvars=False)
    conn = Connection(config=config.get_one(cloud=cloud), strict_proxies=False)
    for name in PROXIES:
        proxy = getattr(conn, name)
        proxy.connect_retries = proxy.status_code_retries = RETRIES
        proxy.connect_retry_delay = proxy.status_code_retry_delay = RETRY_DELAY_S
        proxy.retriable_status_codes = [502, 503, 504]
    return conn


def sweep(conn: Connection, prefix: str) -> None:
    """Remove what a run with `prefix` (`fid`: every run) left: the suite's kinds, then volume types."""
    leftovers.remove(conn, leftovers.find(conn, prefix), Timeouts())
    for kind in conn.block_storage.get("/types").json()["volume_types"]:
        if leftovers.matches(kind["name"], prefix):
            conn.block_storage.delete(f"/types/{kind['id']}")


def _common(conns: list[Connection], service: str) -> str:
    """The highest microversion every cloud serves."""
    highest = [getattr(conn, service.replace("-", "_")).get_endpoint_data().max_microversion for conn in conns]
    major, minor = min(highest)
    return f"{major}.{minor}"


def _side(run: Run) -> None:
    """Every operation, in the order the suite meets them; a failure ends this side and is recorded."""
    try:
        identity(run)
        image(run)
        where = network_reads(run)
        port = fixed_ip_ports(run, where)
        compute(run, where, port)
        volumes(run)
    except Exception as error:  # noqa: BLE001 - reported in the table and the exit status
        traceback.print_exc()
        run.rec.fail("the run stopped", error)
    finally:
        try:
            run.cleanup.run()
        except Exception as error:  # noqa: BLE001
            run.rec.fail("cleanup", error)
        prefix = run.names.run_prefix
        try:
            sweep(run.conn, prefix)
        except Exception as error:  # noqa: BLE001
            run.rec.fail(f"sweep of {prefix}", error)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", required=True, help="the real cloud's clouds.yaml entry")
    parser.add_argument("--embedded-scenario", default="newton-lxd")
    parser.add_argument("--clouds-yaml", type=Path,
                        default=Path(os.environ.get("OS_CLIENT_CONFIG_FILE", PROJECT / "clouds.yaml")))
    parser.add_argument("--prefix", default="fid")
    parser.add_argument("--json", type=Path, default=PROJECT / "bench" / "results" / "fidelity.json")
    parser.add_argument("--sweep", action="store_true", help="only remove every run's leftovers from the real cloud")
    options = parser.parse_args()
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        os.environ.pop(name, None)
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
    if options.sweep:
        sweep(_connect(options.real, options.clouds_yaml), options.prefix)
        return 0
    names = Names(options.prefix, new_run_id(), "b")
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as workdir, \
            EmbeddedCloud.start(options.embedded_scenario, Path(workdir) / "main", "fidelity") as embedded, \
            EmbeddedCloud.start(UNPLACEABLE_SCENARIO, Path(workdir) / "unplaceable", "fidelity") as unplaceable:
        real_conn = _connect(options.real, options.clouds_yaml)
        embedded_conn = _connect("embedded", embedded.clouds_yaml)
        both = [real_conn, embedded_conn]
        microversions = {service: _common(both, service) for service in ("compute", "block-storage")}
        real = Run(Recorder(options.real, real_conn), real_conn, names, Cleanup(), microversions, real_conn, True)
        emb = Run(Recorder(f"embedded {options.embedded_scenario}", embedded_conn), embedded_conn, names, Cleanup(),
                  microversions, _connect("embedded", unplaceable.clouds_yaml), False)
        for side in (emb, real):
            print(f"driving {side.rec.record.label} ...", flush=True)
            _side(side)
    rows = differences(real.rec.record, emb.rec.record)
    print(table(rows))
    print(f"\ncommon microversions: {microversions}; {len(rows)} differences "
          f"({sum(r.kind == 'unexplained' for r in rows)} unexplained) in {time.monotonic() - started:.0f} s")
    failures = [f"{side.rec.record.label}: {failure}" for side in (real, emb) for failure in side.rec.record.failures]
    for failure in failures:
        print("FAILED", failure)
    options.json.parent.mkdir(parents=True, exist_ok=True)
    options.json.write_text(json.dumps({
        "real": options.real, "embedded": options.embedded_scenario, "microversions": microversions,
        "compared": compared(real.rec.record, emb.rec.record), "differences": [r.as_dict() for r in rows],
        "failures": failures, "records": {side.rec.record.label: side.rec.record.dump() for side in (real, emb)},
        "when": time.strftime("%FT%TZ", time.gmtime())}, indent=2))
    return 1 if failures or any(r.kind == "unexplained" for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
