"""Two clouds' records side by side: every aspect where they differ, each classified by the explanations in
`fidelity_known.py` (a release difference, a fake-driver artefact, a deployment choice) or left `unexplained`."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from fnmatch import fnmatchcase

from fidelity_known import KNOWN
from fidelity_record import Record, Shape

NOT_SEEN = "(not seen)"


@dataclass(frozen=True)
class Difference:
    service: str
    operation: str
    aspect: str
    real: str
    embedded: str
    kind: str = "unexplained"
    why: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def _parent(path: str) -> str:
    return path[:max(path.rfind("."), path.rfind("[]"))] if "." in path or "[]" in path else ""


def _shape_rows(real: Shape | None, embedded: Shape | None, what: str) -> list[tuple[str, str, str]]:
    if real is None or embedded is None:
        return [(what, "present" if real is not None else "(none)", "present" if embedded is not None else "(none)")]
    rows = []
    for only, here, there in ((real.keys() - embedded.keys(), "present", "absent"),
                              (embedded.keys() - real.keys(), "absent", "present")):
        # An absent object's own fields are absent too: name the object only.
        rows += [(f"{what} field {path}", here, there) for path in sorted(only) if _parent(path) not in only]
    for path in sorted(real.keys() & embedded.keys()):
        mine, theirs = real[path] - {"null"}, embedded[path] - {"null"}
        if mine and theirs and mine.isdisjoint(theirs):
            rows.append((f"type of {what} field {path}", "/".join(sorted(mine)), "/".join(sorted(theirs))))
    return rows


def _matches(text: str, pattern: str) -> bool:
    """fnmatch with `*` and `?` only: brackets are literal (`roles[].name`)."""
    return fnmatchcase(text, pattern.replace("[", "[[]"))


def classify(service: str, operation: str, aspect: str) -> tuple[str, str]:
    """The first `KNOWN` explanation whose patterns match, else `unexplained`."""
    for (want_service, want_operation, want_aspect), kind, why in KNOWN:
        if _matches(service, want_service) and _matches(operation, want_operation) and _matches(aspect, want_aspect):
            return kind, why
    return "unexplained", ""


def differences(real: Record, embedded: Record) -> list[Difference]:
    """Every (service, operation, aspect) whose recorded value or fields differ, in the order first seen."""
    rows: list[tuple[str, str, str, str, str]] = []
    for key in dict.fromkeys([*real.values, *embedded.values]):
        mine, theirs = real.values.get(key, NOT_SEEN), embedded.values.get(key, NOT_SEEN)
        if mine != theirs:
            rows.append((*key, mine, theirs))
    for key in dict.fromkeys([*real.shapes, *embedded.shapes]):
        service, operation, what = key
        for aspect, mine, theirs in _shape_rows(real.shapes.get(key), embedded.shapes.get(key), what):
            rows.append((service, operation, aspect, mine, theirs))
    return [Difference(service, operation, aspect, mine, theirs, *classify(service, operation, aspect))
            for service, operation, aspect, mine, theirs in rows]


def compared(real: Record, embedded: Record) -> dict[str, list[str]]:
    """What was compared: each service's operations, in order."""
    found: dict[str, list[str]] = {}
    for service, operation, _ in [*real.values, *real.shapes, *embedded.values, *embedded.shapes]:
        if operation not in found.setdefault(service, []):
            found[service].append(operation)
    return found


def table(rows: list[Difference], width: int = 44) -> str:
    """A plain-text table, one block per service."""
    def cut(text: str) -> str:
        return text if len(text) <= width else text[:width - 1] + "…"

    lines: list[str] = []
    for service in dict.fromkeys(row.service for row in rows):
        lines += ["", f"== {service}", f"{'operation':46} {'aspect':40} {'real':{width}} {'embedded':{width}} kind"]
        for row in (r for r in rows if r.service == service):
            lines.append(f"{cut(row.operation):46} {cut(row.aspect):40} {cut(row.real):{width}} "
                         f"{cut(row.embedded):{width}} {row.kind}")
    return "\n".join(lines)
