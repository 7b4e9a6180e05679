"""Small helpers for up.sh, kept in Python because they are awkward and fragile in shell.

  lane.py port-free PORT                          exit 0 if 127.0.0.1:PORT can be bound, 1 if taken
  lane.py wait-ready URL PWFILE PID TIMEOUT       poll an admin password token request until it works
  lane.py merge-clouds PATH URL PWFILE            write/merge the `keystone` entry into a clouds.yaml

wait-ready and merge-clouds run with the lane venv's python (merge-clouds needs PyYAML, which
Keystone pulls in); port-free needs only the standard library.
"""

import errno
import json
import os
import socket
import sys
import tempfile
import time
import urllib.error
import urllib.request

CLOUD = "keystone"


def port_free(port: int) -> int:
    # A bind test, not a connect test: it also catches listeners on 0.0.0.0 and ports held by
    # processes we cannot see. SO_REUSEADDR so that our own TIME_WAIT leftovers do not count.
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError as e:
            if e.errno in (errno.EADDRINUSE, errno.EACCES):
                return 1
            raise
    return 0


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def wait_ready(url: str, pwfile: str, pid: int, timeout: float) -> int:
    # "Ready" means Keystone really issues a project-scoped token for admin, not that the port
    # accepts connections: workers import Keystone lazily after the master binds the socket.
    with open(pwfile) as f:
        password = f.read().strip()
    body = json.dumps(
        {
            "auth": {
                "identity": {
                    "methods": ["password"],
                    "password": {"user": {"name": "admin", "domain": {"name": "Default"}, "password": password}},
                },
                "scope": {"project": {"name": "admin", "domain": {"name": "Default"}}},
            }
        }
    ).encode()
    deadline = time.monotonic() + timeout
    last = "no attempt yet"
    while time.monotonic() < deadline:
        if not _alive(pid):
            print(f"gunicorn (pid {pid}) exited while starting", file=sys.stderr)
            return 1
        req = urllib.request.Request(
            f"{url}/auth/tokens", data=body, method="POST", headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(req, timeout=5) as r:
                if r.status == 201 and r.headers.get("X-Subject-Token"):
                    return 0
                last = f"HTTP {r.status}"
        except urllib.error.HTTPError as e:
            last = f"HTTP {e.code}: {e.read()[:200]!r}"
        except (OSError, urllib.error.URLError) as e:
            last = str(e)
        time.sleep(0.25)
    print(f"not ready after {timeout:.0f} s (last answer: {last})", file=sys.stderr)
    return 1


def merge_clouds(path: str, url: str, pwfile: str) -> int:
    import yaml  # from the lane venv

    with open(pwfile) as f:
        password = f.read().strip()
    data = {}
    if os.path.exists(path):
        with open(path) as f:
            data = yaml.safe_load(f) or {}
        if not isinstance(data, dict) or not isinstance(data.get("clouds", {}), dict):
            print(f"{path} is not a clouds.yaml (expected a mapping with 'clouds:')", file=sys.stderr)
            return 1
    data.setdefault("clouds", {})[CLOUD] = {
        "auth_type": "password",
        "auth": {
            "auth_url": url,
            "username": "admin",
            "password": password,
            "project_name": "admin",
            "user_domain_name": "Default",
            "project_domain_name": "Default",
        },
        "region_name": "RegionOne",
        "interface": "public",
        "identity_api_version": 3,
    }
    # Write a 0600 temp file beside the target and rename it over: the file holds a password, and
    # a reader never sees it half-written. Other clouds keep their order (comments are lost).
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".clouds.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w") as f:
            yaml.safe_dump(data, f, default_flow_style=False, sort_keys=False)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return 0


def main(argv: list[str]) -> int:
    cmd, args = argv[0], argv[1:]
    if cmd == "port-free":
        return port_free(int(args[0]))
    if cmd == "wait-ready":
        return wait_ready(args[0], args[1], int(args[2]), float(args[3]))
    if cmd == "merge-clouds":
        return merge_clouds(*args)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
