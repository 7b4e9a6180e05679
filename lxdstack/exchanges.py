"""The last HTTP exchanges with the cloud, kept so that a failed test's report shows what was asked and answered.

Each exchange keeps the method, URL, status (or the error, for a request that got no answer), the service's
request id, when it started and how long it took, and both bodies truncated. Nothing secret is kept: credentials
and tokens never enter the log (bodies of token requests are dropped, token ids in URLs masked, and JSON keys that
hold secrets, such as a server's `adminPass`, replaced).
"""

from __future__ import annotations

import json
import re
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

BODY_LIMIT = 2000       # characters of each body kept
KEPT = 30               # exchanges kept per process (the last ones matter)
REQUEST_ID_HEADERS = ("x-openstack-request-id", "x-compute-request-id")
SECRET_KEYS = frozenset({"password", "adminPass", "admin_password", "original_password", "private_key", "secret"})
_TOKEN_IN_PATH = re.compile(r"(/tokens/)[^/?]+")
_REDACTED = "(redacted)"


@dataclass(frozen=True)
class Exchange:
    started: datetime
    method: str
    url: str
    seconds: float
    status: int | None = None
    request_id: str | None = None
    request_body: str = ""
    response_body: str = ""
    error: str | None = None

    def render(self) -> str:
        outcome = str(self.status) if self.status is not None else f"no answer: {self.error}"
        lines = [f"{self.started:%H:%M:%S.%f}"[:-3] + f" {self.method} {self.url} -> {outcome} "
                 f"({self.seconds:.3f} s, request id {self.request_id or 'none'})"]
        if self.request_body:
            lines.append(f"  request:  {self.request_body}")
        if self.response_body:
            lines.append(f"  response: {self.response_body}")
        return "\n".join(lines)


class ExchangeLog:
    """The last `KEPT` exchanges of this process; the suite clears it at the start of each test."""

    def __init__(self, kept: int = KEPT) -> None:
        self._items: deque[Exchange] = deque(maxlen=kept)

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        self._items.clear()

    def record(self, method: str, url: str, started: datetime, seconds: float, *, request_body: Any = None,
               response: Any = None, error: BaseException | None = None) -> None:
        """One exchange: `response` is a requests.Response (None when the request got no answer)."""
        secret_endpoint = "/tokens" in url
        entry = Exchange(
            started=started, method=method.upper(), url=_TOKEN_IN_PATH.sub(r"\1" + _REDACTED, url),
            seconds=seconds,
            status=getattr(response, "status_code", None),
            request_id=_request_id(response),
            request_body="(token request: not kept)" if secret_endpoint and request_body else _body(request_body),
            response_body="(token response: not kept)" if secret_endpoint and response is not None
            else _response_body(response),
            error=f"{type(error).__name__}: {error}" if error is not None else None)
        self._items.append(entry)

    def render(self) -> str:
        if not self._items:
            return "(no HTTP exchanges with the cloud during this test)"
        return "\n".join(item.render() for item in self._items)


def now() -> datetime:
    return datetime.now(UTC)


def _request_id(response: Any) -> str | None:
    headers = getattr(response, "headers", None) or {}
    return next((headers[name] for name in REQUEST_ID_HEADERS if name in headers), None)


def _response_body(response: Any) -> str:
    if response is None:
        return ""
    content_type = response.headers.get("content-type", "")
    if "json" not in content_type and not content_type.startswith("text/"):
        return f"({len(response.content)} bytes of {content_type or 'unknown type'})" if response.content else ""
    return _body(response.text)


def _body(body: Any) -> str:
    """A body as text, secrets replaced, truncated."""
    if body is None or body == b"" or body == "":
        return ""
    if isinstance(body, bytes):
        try:
            body = body.decode("utf-8")
        except UnicodeDecodeError:
            return f"({len(body)} bytes of binary data)"
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except ValueError:
            return _truncate(body)
    if hasattr(body, "read"):  # a file being uploaded
        return "(streamed data)"
    return _truncate(json.dumps(redact(body), sort_keys=True, default=str))


def redact(value: Any) -> Any:
    """`value` with the values of secret-holding JSON keys replaced, at any depth."""
    if isinstance(value, dict):
        return {key: _REDACTED if key in SECRET_KEYS and value[key] else redact(item) for key, item in value.items()}
    if isinstance(value, list):
        return [redact(item) for item in value]
    return value


def _truncate(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= BODY_LIMIT else f"{text[:BODY_LIMIT]}… ({len(text) - BODY_LIMIT} more characters)"
