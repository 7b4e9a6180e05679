"""Scenarios: which cloud the embedded cloud pretends to be, and which faults it has.

A scenario is a YAML file, built in (`scenarios/<name>.yaml`) or anywhere on disk. A fault scenario names the
healthy scenario it breaks as `base`; its keys are deep-merged over the base's before validation, so it states only
what differs. Every problem with a scenario is a `ScenarioError` whose text is one line naming the file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from lxdstack.cloud.lxd.scenario import LxdPlatform
from lxdstack.cloud.network.scenario import Network
from lxdstack.cloud.volume.scenario import Volume

BUILTIN_DIR = Path(__file__).parent / "scenarios"

ServicePrefix = Literal["identity", "compute", "image", "network", "volume"]
ServiceType = Literal["identity", "compute", "image", "network", "volumev3", "volumev2"]

# Keys that describe one scenario file itself; a child never inherits them from its base.
_OWN_KEYS = ("name", "description", "base")


class ScenarioError(ValueError):
    """A scenario cannot be found, read or validated; `str()` is one line naming the file and the problem."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Roles(_Model):
    admin: str = "Admin"
    member: str = "Member"


# X.509 keyUsage and extendedKeyUsage names as OpenSSL spells them (encipherOnly/decipherOnly left out: they
# mean nothing without keyAgreement).
KeyUsage = Literal["digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement",
                   "keyCertSign", "cRLSign"]
ExtendedKeyUsage = Literal["serverAuth", "clientAuth", "codeSigning", "emailProtection", "timeStamping",
                           "OCSPSigning", "anyExtendedKeyUsage"]


class Pki(_Model):
    """The signing certificate `keystone-manage pki_setup` made, and how it is broken (healthy: as made, with no
    keyUsage nor extendedKeyUsage, valid ten years, issued by the CA Keystone serves)."""

    key_usage: list[KeyUsage] = []
    extended_key_usage: list[ExtendedKeyUsage] = []
    expired: bool = False
    # issued by another CA (another keystone unit's pki_setup, same subject) than the one Keystone serves
    foreign_ca: bool = False


class Identity(_Model):
    token_provider: Literal["uuid", "fernet", "pki", "pkiz"] = "uuid"
    token_ttl_seconds: int = Field(3600, gt=0)
    roles: Roles = Roles()
    pki: Pki = Pki()


StorageDriver = Literal["dir", "btrfs", "zfs", "lvm"]


class StoragePool(_Model):
    name: str
    driver: StorageDriver


class Host(_Model):
    """A nova-compute host and the LXD daemon beside it.

    `storage` is shorthand for one pool named `default` with that driver; `storage_pools` lists several (LXD 5
    then reports `environment.storage` as e.g. `btrfs | dir`), and `root_pool` names the one the default profile's
    root disk uses (default: the first).
    """

    name: str
    zone: str = "nova"
    storage: StorageDriver = "dir"
    storage_pools: list[StoragePool] = []
    root_pool: str | None = None

    def pools(self) -> list[StoragePool]:
        return self.storage_pools or [StoragePool(name="default", driver=self.storage)]

    def environment_storage(self) -> str:
        """What LXD 5 reports as `environment.storage` in `GET /1.0`: one entry per driver, joined by ` | `."""
        return " | ".join(dict.fromkeys(pool.driver for pool in self.pools()))

    def root(self) -> StoragePool:
        pools = self.pools()
        return next((p for p in pools if p.name == self.root_pool), pools[0])

    @model_validator(mode="after")
    def _root_pool_exists(self) -> Host:
        if self.root_pool is not None and self.root_pool not in {p.name for p in self.pools()}:
            raise ValueError(f"root_pool `{self.root_pool}` is not one of the host's storage_pools")
        return self


class Flavor(_Model):
    """A flavor the cloud has from its post-deploy steps (public unless said otherwise)."""

    name: str
    ram: int = Field(gt=0)
    disk: int = Field(ge=0)
    ephemeral: int = Field(0, ge=0)
    vcpus: int = Field(gt=0)
    public: bool = True
    extra_specs: dict[str, str] = {}


# The five m1.* flavors as the seed's post creates them (its values, not those of the repository's script).
SEED_FLAVORS = [
    Flavor(name="m1.tiny", ram=512, disk=1, ephemeral=0, vcpus=1),
    Flavor(name="m1.small", ram=1024, disk=20, ephemeral=40, vcpus=1),
    Flavor(name="m1.medium", ram=2048, disk=40, ephemeral=40, vcpus=2),
    Flavor(name="m1.large", ram=8192, disk=40, ephemeral=40, vcpus=4),
    Flavor(name="m1.xlarge", ram=16384, disk=80, ephemeral=40, vcpus=8),
]


class Image(_Model):
    """An image the cloud has from its post-deploy steps (owned by the admin project, public)."""

    name: str
    disk_format: str = "raw"
    container_format: str = "bare"
    size: int = Field(1024 * 1024, ge=0, description="bytes of the (synthetic) root tarball")


class Compute(_Model):
    hosts: list[Host] = []
    flavors: list[Flavor] = SEED_FLAVORS
    # Nova's scheduler_max_attempts (default 3): how often a failed build is rescheduled before MaxRetriesExceeded.
    max_attempts: int = Field(3, ge=1)


class Pace(_Model):
    boot_seconds: float = Field(1.0, ge=0)
    volume_seconds: float = Field(0.5, ge=0)


class HttpFault(_Model):
    """A sick API endpoint (see core/http_faults.py): `status` for `count` requests (a burst) or for every one
    (persistent), or `hang` to accept requests and never answer."""

    path: str = Field(description="regular expression searched in the request path, e.g. ^/compute/v2.1/flavors")
    method: str = "*"
    status: int | None = Field(None, ge=500, le=599)
    count: int | None = Field(None, gt=0)
    hang: bool = False

    @model_validator(mode="after")
    def _one_kind(self) -> HttpFault:
        if self.hang == (self.status is not None):
            raise ValueError(f"http fault on `{self.path}` needs exactly one of `status` or `hang: true`")
        try:
            re.compile(self.path)
        except re.error as error:
            raise ValueError(f"http fault path `{self.path}` is not a regular expression: {error}") from None
        return self


class Faults(_Model):
    # HTTP-level faults in front of the services: bursts of 503s, persistent 500s, hung endpoints
    http: list[HttpFault] = []
    catalog_omits: list[ServiceType] = []
    discovery: dict[ServicePrefix, ServicePrefix | Literal["none"]] = {}
    revoke_tokens: bool = True
    # host name -> the exception text its compute driver raises in spawn for every build (a broken host)
    boot_errors: dict[str, str] = {}
    # servers' ports never become ACTIVE (their host's Open vSwitch agent never wires them); servers still boot
    ports_stay_down: bool = False

    @model_validator(mode="after")
    def _no_self_crossing(self) -> Faults:
        for prefix, answer in self.discovery.items():
            if prefix == answer:
                raise ValueError(f"discovery fault maps `{prefix}` to itself, which is no fault")
        return self


class Scenario(_Model):
    """One embedded cloud: its identity settings, compute hosts, pace of asynchronous work and faults."""

    name: str
    description: str
    base: str | None = None
    expects: str
    region: str = "RegionOne"
    identity: Identity = Identity()
    compute: Compute = Compute()
    images: list[Image] = [Image(name="xenial")]
    pace: Pace = Pace()
    volume: Volume = Volume()
    network: Network = Network()
    faults: Faults = Faults()
    platform: LxdPlatform = LxdPlatform()

    @model_validator(mode="after")
    def _faults_name_real_hosts(self) -> Scenario:
        hosts = {host.name for host in self.compute.hosts}
        if self.platform.name in hosts:
            raise ValueError(f"platform.name `{self.platform.name}` is also a compute host's name")
        unknown = sorted(set(self.faults.boot_errors) - hosts)
        if unknown:
            raise ValueError(f"faults.boot_errors names hosts the scenario does not have: {', '.join(unknown)}")
        unknown = self.network.unknown_agents(sorted(hosts))
        if unknown:
            raise ValueError(f"network.agents names agents the scenario does not have: {', '.join(unknown)}")
        return self


def list_scenarios() -> list[str]:
    """Names of the built-in scenarios, sorted."""
    return sorted(path.stem for path in BUILTIN_DIR.glob("*.yaml"))


def load_scenario(ref: str) -> Scenario:
    """The scenario `ref` names: a built-in scenario's name, or the path of a YAML file."""
    path = _resolve(ref, relative_to=Path.cwd())
    data = _merged(path, chain=())
    try:
        return Scenario.model_validate(data)
    except ValidationError as error:
        raise ScenarioError(f"{path}: {_describe(error)}") from None


def _resolve(ref: str, relative_to: Path) -> Path:
    if ref in list_scenarios():
        return BUILTIN_DIR / f"{ref}.yaml"
    path = relative_to / Path(ref).expanduser()
    if path.is_file():
        return path
    if "/" not in ref and not ref.endswith((".yaml", ".yml")):
        known = ", ".join(list_scenarios())
        raise ScenarioError(f"unknown scenario {ref!r}: not a built-in scenario ({known}) nor a file")
    raise ScenarioError(f"{path}: no such scenario file")


def _merged(path: Path, chain: tuple[Path, ...]) -> dict[str, Any]:
    """The file's mapping deep-merged over its base's (recursively), before validation."""
    if path in chain:
        raise ScenarioError(f"{path}: `base` chain loops back to this file")
    data = _read(path)
    base = data.get("base")
    if base is None:
        return data
    if not isinstance(base, str):
        raise ScenarioError(f"{path}: `base` should be a scenario name or file, got {base!r}")
    try:
        base_path = _resolve(base, relative_to=path.parent)
    except ScenarioError as error:
        raise ScenarioError(f"{path}: base: {error}") from None
    inherited = {k: v for k, v in _merged(base_path, (*chain, path)).items() if k not in _OWN_KEYS}
    return _deep_merge(inherited, data)


def _read(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioError(f"{path}: cannot read: {getattr(error, 'strerror', None) or error}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ScenarioError(f"{path}: not valid YAML: {describe_yaml_error(error)}") from None
    if data is None:
        raise ScenarioError(f"{path}: the file is empty")
    if not isinstance(data, dict):
        raise ScenarioError(f"{path}: expected a mapping of scenario keys, got a {type(data).__name__}")
    return data


def describe_yaml_error(error: yaml.YAMLError) -> str:
    """PyYAML's complaint as one line: the problem and where it is."""
    problem = getattr(error, "problem", None) or str(error)
    mark = getattr(error, "problem_mark", None)
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    return " ".join(f"{problem}{where}".split())


def _deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _describe(error: ValidationError) -> str:
    """The first problem pydantic found, as one line a person can act on."""
    problems = error.errors()
    first = problems[0]
    where = ".".join(str(part) for part in first["loc"])
    if first["type"] == "extra_forbidden":
        text = f"unknown key `{first['loc'][-1]}` at `{where}`"
    elif first["type"] == "missing":
        text = f"missing key `{where}`"
    else:
        shown = repr(first.get("input"))
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        text = f"`{where}`: {first['msg']} (got {shown})"
    if len(problems) > 1:
        text += f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})"
    return " ".join(text.split())
