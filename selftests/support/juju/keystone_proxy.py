"""Keystone where the charm puts it, in front of an embedded cloud: http://127.0.0.1:PORT/v3 → …/identity/v3.

The embedded cloud serves every API on one port under path prefixes (/identity, /compute…), as DevStack does; the
keystone charm registers http://ADDRESS:SERVICE_PORT/v3, with no prefix. For the contract test of `--juju-model`,
the stand-in's status puts keystone/0 at 127.0.0.1 and its config's service-port at this proxy's port, so the
suite resolves the auth URL exactly as for a charm deployment and still reaches the embedded cloud's Keystone.
Loopback only; each request is forwarded as it came (method, headers, body) and answered as the cloud answered.
"""

from __future__ import annotations

import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


class KeystoneProxy:
    """A running proxy from http://127.0.0.1:`port`/ to `identity_root` (the cloud's http://…/identity)."""

    def __init__(self, identity_root: str):
        target = urlsplit(identity_root)
        prefix = target.path.rstrip("/")

        class Forward(BaseHTTPRequestHandler):
            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
                upstream = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
                try:
                    upstream.request(self.command, prefix + self.path, body=body, headers=headers)
                    answer = upstream.getresponse()
                    data = answer.read()
                finally:
                    upstream.close()
                self.send_response(answer.status)
                for key, value in answer.getheaders():
                    if key.lower() not in _HOP_BY_HOP:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_HEAD = do_DELETE = do_PUT = do_PATCH = _forward

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Forward)
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> KeystoneProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
