"""What one cloud answered, kept in a form that compares across clouds: statuses, chosen headers, the body's
fields (present, absent, type), chosen values and status sequences, all with ids, addresses, times and names
replaced by placeholders.

Used by `bench/fidelity.py`; knows nothing of which cloud is which.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from openstack.connection import Connection

# Headers whose value is compared (normalized); the presence of every other header is compared by name only.
VALUE_HEADERS = ("x-openstack-request-id", "x-compute-request-id", "openstack-api-version",
                 "x-openstack-nova-api-version", "vary", "content-type", "location", "retry-after")
# Transport and server details that say nothing about the API.
IGNORED_HEADERS = frozenset({"date", "server", "connection", "keep-alive", "content-length", "transfer-encoding"})

_PLACEHOLDERS = (
    (re.compile(r"https?://127\.0\.0\.1:\d+(/[a-z]+(?=/|$|\"|'))?"), "<endpoint>"),
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"), "<uuid>"),
    (re.compile(r"\b[0-9a-f]{32}\b"), "<hex32>"),
    (re.compile(r"\bgAAAAA[A-Za-z0-9_\-]+=*"), "<fernet>"),
    (re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?"), "<time>"),
    (re.compile(r"\b\d{1,3}(\.\d{1,3}){3}\b"), "<ip>"),
    (re.compile(r"\b(fa:16:3e|[0-9a-f]{2})(:[0-9a-f]{2}){5}\b"), "<mac>"),
    (re.compile(r"\bfid-[a-z0-9-]+"), "<fid>"),
)


def normalize(value: Any) -> str:
    """A value as text with everything run- or cloud-specific replaced by a placeholder."""
    text = value if isinstance(value, str) else repr(value)
    for pattern, placeholder in _PLACEHOLDERS:
        text = pattern.sub(placeholder, text)
    return " ".join(text.split())


Shape = dict[str, frozenset[str]]  # field path -> JSON types seen there


def shape(body: Any) -> Shape:
    """Every field path of a JSON body (`servers[].addresses`), with the types seen at each."""
    found: dict[str, set[str]] = {}

    def walk(value: Any, path: str) -> None:
        kind = {dict: "object", list: "array", str: "string", bool: "boolean", int: "number",
                float: "number", type(None): "null"}[type(value)]
        if path:
            found.setdefault(path, set()).add(kind)
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else key)
        elif isinstance(value, list):
            for item in value:
                walk(item, f"{path}[]")

    walk(body, "")
    return {path: frozenset(kinds) for path, kinds in found.items()}


def pick(body: Any, path: str) -> list[Any]:
    """The values at a dotted path, `[]` meaning every element of a list."""
    values = [body]
    for part in path.split("."):
        many = part.endswith("[]")
        key = part.removesuffix("[]")
        values = [v.get(key) for v in values if isinstance(v, dict) and key in v]
        if many:
            values = [item for v in values if isinstance(v, list) for item in v]
    return values


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: Any
    text: str


@dataclass
class Record:
    """Everything one cloud answered, by (service, operation, aspect)."""

    label: str
    values: dict[tuple[str, str, str], str] = field(default_factory=dict)
    shapes: dict[tuple[str, str, str], Shape] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def dump(self) -> dict[str, Any]:
        """JSON-ready: values and field shapes by `service | operation | aspect`."""
        return {"values": {" | ".join(key): value for key, value in self.values.items()},
                "shapes": {" | ".join(key): {path: sorted(kinds) for path, kinds in shape.items()}
                           for key, shape in self.shapes.items()},
                "failures": self.failures}


class Recorder:
    """Requests through one cloud's openstacksdk connection (its endpoints and token), each answer recorded."""

    def __init__(self, label: str, conn: Connection, poll: float = 0.2) -> None:
        self.conn = conn
        self.record = Record(label)
        self.poll = poll

    def sharing(self, conn: Connection) -> Recorder:
        """A recorder for another connection that writes into this one's record."""
        other = Recorder(self.record.label, conn, self.poll)
        other.record = self.record
        return other

    def note(self, service: str, op: str, aspect: str, value: Any) -> None:
        self.record.values[service, op, aspect] = normalize(value)

    def call(self, service: str, op: str, method: str, path: str, *, values: Iterable[str] = (),
             microversion: str | None = None, headers: dict[str, str] | None = None, authenticated: bool = True,
             **kwargs: Any) -> Reply:
        """One request (`path` relative to the service's endpoint, or absolute), recorded under `op`."""
        adapter = getattr(self.conn, service.replace("-", "_"))
        # openstacksdk's resources ask for JSON; without it Glance's errors are webob's HTML or plain text
        headers = {"Accept": "application/json", **(headers or {})}
        response = adapter.request(path, method, raise_exc=False, microversion=microversion,
                                   headers=headers, authenticated=authenticated, **kwargs)
        try:
            body = response.json() if response.content else None
        except ValueError:
            body = None
        reply = Reply(response.status_code, {k.lower(): v for k, v in response.headers.items()}, body,
                      response.text if body is None and response.content else "")
        self._keep(service, op, reply, values)
        return reply

    def _keep(self, service: str, op: str, reply: Reply, values: Iterable[str]) -> None:
        self.note(service, op, "status", reply.status)
        # header names present; the value headers are compared by value below (absent: "(not seen)")
        self.record.shapes[service, op, "headers"] = {name: frozenset({"header"}) for name in reply.headers
                                                     if name not in IGNORED_HEADERS and name not in VALUE_HEADERS}
        for name in VALUE_HEADERS:
            if name in reply.headers:
                self.note(service, op, f"header {name}", reply.headers[name].lower().replace(" ", ""))
        if reply.body is not None:
            self.record.shapes[service, op, "body"] = shape(reply.body)
        elif reply.text and reply.headers.get("content-type", "").startswith(("text/", "application/xml")):
            self.note(service, op, "text body", reply.text[:300])
        wanted = list(values)
        if reply.status >= 400 and reply.body is not None:  # an error: every field of it counts
            wanted += [path for path, kinds in shape(reply.body).items() if kinds.isdisjoint({"object", "array"})]
        for path in wanted:
            found = pick(reply.body, path)
            if found:
                self.note(service, op, path, ", ".join(sorted(normalize(v) for v in found)))

    def sequence(self, service: str, op: str, parts: str | tuple[str, ...], fetch: Callable[[], Any],
                 done: Callable[[Any], bool], timeout: float = 180.0) -> Any:
        """Poll `fetch` (None: the resource is gone) until `done(value)` or the deadline, recording the distinct
        values seen in order (`BUILD → ACTIVE`) as `<part> sequence`, one aspect per part when `parts` is a tuple
        (and `fetch` returns tuples): a transient state one poll misses then changes one aspect only."""
        seen: list[Any] = []
        deadline = time.monotonic() + timeout
        while True:
            value = fetch()
            seen.append(value)
            if done(value) or time.monotonic() > deadline:
                break
            time.sleep(self.poll)
        timed_out = not done(seen[-1])
        names = parts if isinstance(parts, tuple) else (parts,)
        for index, name in enumerate(names):
            column = ["(gone)" if v is None else str(v[index] if isinstance(parts, tuple) else v) for v in seen]
            distinct = [v for i, v in enumerate(column) if i == 0 or v != column[i - 1]]
            self.note(service, op, f"{name} sequence", " → ".join(distinct + (["(timed out)"] if timed_out else [])))
        return seen[-1]

    def fail(self, what: str, error: BaseException) -> None:
        self.record.failures.append(f"{what}: {type(error).__name__}: {normalize(str(error))[:300]}")
