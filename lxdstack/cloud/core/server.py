"""Serving the app with uvicorn on a socket the caller already bound (so the port is known before serving).

Other apps (each compute host's LXD API) may be added on their own pre-bound sockets: one uvicorn server per
socket, all on the same event loop, so every app reads the same cloud state without locks, and one signal stops
them all. `serve` returns when SIGTERM or SIGINT arrives, after a graceful shutdown; the process then exits 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
from collections.abc import Iterator
from typing import Any

import uvicorn
from starlette.types import ASGIApp


def bind_loopback(host: str, port: int) -> socket.socket:
    """A listening TCP socket on `host:port` (port 0: a free one); `host` is an IP address."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named explicitly: asyncio sets TCP_NODELAY on accepted connections only for sockets whose
    # `proto` says TCP, and without it every request on a kept-alive connection waits ~40 ms for delayed ACKs.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
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


# h11 refuses a request head over 16 KiB; a validation with two PKI tokens (X-Auth-Token and X-Subject-Token,
# ~6 KB each with the catalog) comes close. The real services' front ends (Apache) limit each header line to 8190
# bytes, not the head, so allow far more.
_MAX_REQUEST_HEAD = 64 * 1024


def _uvicorn(app: ASGIApp) -> _Server:
    return _Server(uvicorn.Config(
        app, log_level="warning", access_log=False, lifespan="off", http="h11", loop="asyncio",
        timeout_graceful_shutdown=5, server_header=False, h11_max_incomplete_event_size=_MAX_REQUEST_HEAD,
    ))


class Server:
    """uvicorn, quiet (no access log, its own log at warning), with our signal handling."""

    def __init__(self, app: ASGIApp) -> None:
        self._server = _uvicorn(app)
        self._others: list[tuple[_Server, socket.socket]] = []
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self._handle_exit)

    def add(self, app: ASGIApp, sock: socket.socket) -> None:
        """Also serve `app` on `sock` (bound and listening, of any family) while `serve` runs."""
        self._others.append((_uvicorn(app), sock))

    def _handle_exit(self, sig: int, frame: Any) -> None:
        for server in (self._server, *(other for other, _ in self._others)):
            server.handle_exit(sig, frame)

    def serve(self, sock: socket.socket) -> None:
        """Serve on `sock`, and the added apps on theirs, until SIGTERM or SIGINT."""
        asyncio.run(self._serve_all(sock))

    async def _serve_all(self, sock: socket.socket) -> None:
        servers = [(self._server, sock), *self._others]
        await asyncio.gather(*(server.serve(sockets=[each]) for server, each in servers))
