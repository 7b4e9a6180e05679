"""The compute hosts' LXD unix sockets: one private folder per running cloud, one socket per host.

The folder is made fresh at start (mode 0700, like every `mkdtemp`), so nobody else can reach the sockets, and
each socket is bound and listening before the cloud announces itself. `close` removes sockets and folder; the
serve command calls it however serving ends. The folder sits next to the cloud's clouds.yaml (the run's folder);
when that path is too long for a unix socket address, it goes to the system's temporary folder instead.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# sun_path holds 108 bytes on Linux, the terminating NUL included.
MAX_SOCKET_PATH = 107
PREFIX = "lxdstack-hosts-"


def socket_names(hosts: list[str]) -> dict[str, str]:
    """host name -> a file name for its socket: safe characters only, unique even if host names clash."""
    names: dict[str, str] = {}
    for host in hosts:
        base = re.sub(r"[^A-Za-z0-9._-]", "_", host) or "host"
        name, n = f"{base}.sock", 1
        while name in names.values():
            n += 1
            name = f"{base}-{n}.sock"
        names[host] = name
    return names


@dataclass
class HostSockets:
    """Listening sockets of the hosts' LXD APIs, by host name, in their private folder."""

    directory: Path
    sockets: dict[str, socket.socket] = field(default_factory=dict)
    paths: dict[str, Path] = field(default_factory=dict)

    def close(self) -> None:
        """Close and unlink every socket, then remove the folder. Safe to call more than once."""
        for name, sock in self.sockets.items():
            sock.close()
            with contextlib.suppress(FileNotFoundError):
                self.paths[name].unlink()
        self.sockets.clear()
        with contextlib.suppress(FileNotFoundError):
            self.directory.rmdir()


def _private_folder(near: Path, longest_name: int) -> Path:
    for parent in (near, Path(tempfile.gettempdir())):
        folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=parent)).absolute()
        if len(os.fsencode(folder)) + 1 + longest_name <= MAX_SOCKET_PATH:
            return folder
        folder.rmdir()
    raise OSError(f"no folder short enough for unix socket paths near {near} or in {tempfile.gettempdir()}")


def bind_host_sockets(hosts: list[str], near: Path) -> HostSockets:
    """Listening unix sockets for `hosts` in a new private folder inside `near` (see the module's note)."""
    names = socket_names(hosts)
    longest = max((len(os.fsencode(name)) for name in names.values()), default=0)
    bound = HostSockets(_private_folder(near, longest))
    try:
        for host, name in names.items():
            path = bound.directory / name
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            bound.sockets[host], bound.paths[host] = sock, path
            sock.bind(str(path))
            os.chmod(path, 0o600)
            sock.listen(128)
    except BaseException:
        bound.close()
        raise
    return bound
