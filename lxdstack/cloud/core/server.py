"""Serving the app with uvicorn on a socket the caller already bound (so the port is known before serving).

`serve` returns when SIGTERM or SIGINT arrives, after a graceful shutdown; the process then exits 0.
"""

from __future__ import annotations

import contextlib
import signal
import socket
from collections.abc import Iterator

import uvicorn
from starlette.types import ASGIApp


def bind_loopback(host: str, port: int) -> socket.socket:
    """A listening TCP socket on `host:port` (port 0: a free one); `host` is an IP address."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        # uvicorn installs its handlers only when serving starts and re-raises the signal after shutdown (exit
        # status -15). `Server` installs them when it is made, before the ready lines are printed, so a signal
        # during start-up is not lost, and a stop is a clean exit 0.
        yield


class Server:
    """uvicorn, quiet (no access log, its own log at warning), with our signal handling."""

    def __init__(self, app: ASGIApp) -> None:
        config = uvicorn.Config(
            app, log_level="warning", access_log=False, lifespan="off", http="h11", loop="asyncio",
            timeout_graceful_shutdown=5, server_header=False,
        )
        self._server = _Server(config)
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self._server.handle_exit)

    def serve(self, sock: socket.socket) -> None:
        """Serve on `sock` until SIGTERM or SIGINT."""
        self._server.run(sockets=[sock])
