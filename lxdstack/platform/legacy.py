"""Configuration an LXD 2 host carried that LXD 5 no longer accepts: LXC 2 keys in `raw.lxc`.

LXC 2.1 renamed many keys and LXC 3.0 removed the old names (the seed's profile still sets `lxc.aa_profile`).
LXD 5 hands `raw.lxc` to liblxc, which refuses an unknown key, so a profile carrying one stops its containers
from starting. The table is LXC's own upgrade script, `lxc-update-config` (LXC 3.0): old key -> new key, or None
where LXC dropped the setting without a replacement. Some new keys LXD itself refuses in `raw.lxc` (measured on
LXD 5.0.2, lab/lxd/README.md): for those the advice is what LXD takes instead.
"""

from __future__ import annotations

import re
from typing import Any

LXC2_KEYS: dict[str, str | None] = {
    "lxc.aa_profile": "lxc.apparmor.profile",
    "lxc.aa_allow_incomplete": "lxc.apparmor.allow_incomplete",
    "lxc.se_context": "lxc.selinux.context",
    "lxc.id_map": "lxc.idmap",
    "lxc.pts": "lxc.pty.max",
    "lxc.tty": "lxc.tty.max",
    "lxc.devttydir": "lxc.tty.dir",
    "lxc.mount": "lxc.mount.fstab",
    "lxc.utsname": "lxc.uts.name",
    "lxc.seccomp": "lxc.seccomp.profile",
    "lxc.console": "lxc.console.path",
    "lxc.haltsignal": "lxc.signal.halt",
    "lxc.rebootsignal": "lxc.signal.reboot",
    "lxc.stopsignal": "lxc.signal.stop",
    "lxc.syslog": "lxc.log.syslog",
    "lxc.loglevel": "lxc.log.level",
    "lxc.logfile": "lxc.log.file",
    "lxc.init_cmd": "lxc.init.cmd",
    "lxc.init_uid": "lxc.init.uid",
    "lxc.init_gid": "lxc.init.gid",
    "lxc.rootfs": "lxc.rootfs.path",
    "lxc.rootfs.backend": None,
    "lxc.pivotdir": None,
    "lxc.kmsg": None,
}
_LXC2_PREFIXES = {"lxc.limit.": "lxc.prlimit.", "lxc.network.": "lxc.net."}
_INDEXED_ADDRESS = re.compile(r"^lxc\.network\.(\d+)\.(ipv4|ipv6)$")  # lxc-update-config: -> lxc.net.N.ipvX.address
_LXD_ALLOWED_NET = re.compile(r"^lxc\.net\.\d+\.(ipv4|ipv6)(\.|$)")


def replacement(key: str) -> tuple[bool, str | None]:
    """(whether `key` is an LXC 2 key LXC 3 removed, the key that replaced it or None)."""
    if key in LXC2_KEYS:
        return True, LXC2_KEYS[key]
    if key == "lxc.network":
        return True, "lxc.net"
    indexed = _INDEXED_ADDRESS.match(key)
    if indexed:
        return True, f"lxc.net.{indexed.group(1)}.{indexed.group(2)}.address"
    for old, new in _LXC2_PREFIXES.items():
        if key.startswith(old):
            return True, new + key.removeprefix(old)
    return False, None


def advice(new: str | None) -> str:
    """What to write instead of an LXC 2 key whose LXC 3 name is `new`, in the words of LXD's own rules."""
    if new is None:
        return "expected no such line (LXC 3 dropped the setting)"
    if new.startswith("lxc.prlimit."):
        return f"expected limits.kernel.{new.removeprefix('lxc.prlimit.')} (LXD refuses {new} in raw.lxc)"
    if new.startswith("lxc.net") and not _LXD_ALLOWED_NET.match(new):
        return f"expected an LXD NIC device (LXD allows only lxc.net.<n>.ipv4/ipv6 keys in raw.lxc, not {new})"
    if new in ("lxc.log.file", "lxc.log.syslog"):
        return f"expected no such line (LXD keeps the container's log itself and refuses {new})"
    return f"expected {new}"


def raw_lxc_keys(raw_lxc: str) -> list[tuple[str, str]]:
    """(key, line) for each setting of a `raw.lxc` value; comments and blank lines skipped."""
    found = []
    for line in raw_lxc.splitlines():
        text = line.strip()
        if text and not text.startswith("#") and "=" in text:
            found.append((text.split("=", 1)[0].strip(), text))
    return found


def legacy_problems(kind: str, document: dict[str, Any]) -> list[str]:
    """Each LXC 2 key in the `raw.lxc` of a profile or instance (`kind`), named with the key that replaced it."""
    problems = []
    for key, line in raw_lxc_keys(str((document.get("config") or {}).get("raw.lxc", ""))):
        removed, new = replacement(key)
        if removed:
            problems.append(f"{kind} {document.get('name')}: raw.lxc sets {key} ({line!r}), an LXC 2 key that "
                            f"LXC 3 removed and LXD 5 refuses; {advice(new)}")
    return problems
