"""Where a Juju model's keystone listens and how its admin logs in, decided as the keystone charm decides it.

From charm-keystone (hooks/keystone_utils.py, config.yaml) and the OpenStack charmers' openrc:
- Password: the leader setting `admin_passwd`, read with `leader-get admin_passwd` on the leader (the command the
  charm's own `admin-password` help gives). The charm stores the password there even when `admin-password` is
  set in config, so that is only the fallback, for a leader that has not stored it yet.
- Domain: `preferred-api-version`, else 3 from Queens on and 2 before (the seed's Newton: 2). With v3 the charm
  creates the admin user and project `admin` in the domain `admin_domain`; with v2 in the default domain. Keystone
  serves v3 in both cases, so the credentials are always v3 (openrcv3 style), with the domain that holds the user.
- Address: the public endpoint the charm registers: `os-public-hostname`, else the first `vip` (HA), else the
  leader's public address; port `service-port` (5000), path /v3.
- TLS: https when `ssl_cert` and `ssl_key` are set (the CA is `ssl_ca`, base64; none when the certificate is
  publicly signed), when `use-https` is true, or when keystone has a `certificates` relation (vault issues its
  certificate): the CA is then vault's root CA, `leader-get root-ca` on vault's leader, as the charmers' openrc
  reads it.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
from dataclasses import dataclass
from typing import Any

from lxdstack.juju.client import EXEC_TIMEOUT, ModelClient
from lxdstack.juju.errors import JujuError, NoKeystone

# OpenStack releases in order, and what each Ubuntu series ships as `openstack-origin: distro`.
RELEASES = ("essex", "folsom", "grizzly", "havana", "icehouse", "juno", "kilo", "liberty", "mitaka", "newton",
            "ocata", "pike", "queens", "rocky", "stein", "train", "ussuri", "victoria", "wallaby", "xena", "yoga",
            "zed", "antelope", "bobcat", "caracal", "dalmatian", "epoxy")
DISTRO = {"precise": "essex", "trusty": "icehouse", "xenial": "mitaka", "bionic": "queens", "focal": "ussuri",
          "jammy": "yoga", "noble": "caracal"}
SERIES = {"12.04": "precise", "14.04": "trusty", "16.04": "xenial", "18.04": "bionic", "20.04": "focal",
          "22.04": "jammy", "24.04": "noble"}
ADMIN_DOMAIN_V3 = "admin_domain"    # charm-keystone's ADMIN_DOMAIN
DEFAULT_DOMAIN = "Default"          # where a v2 keystone keeps its users


@dataclass(frozen=True)
class KeystoneAdmin:
    """The admin credentials of a model's keystone (the password is in here: never log the whole object)."""

    model: str
    unit: str
    auth_url: str
    username: str
    password: str
    domain: str
    project: str
    region: str
    api_version: int
    cacert: str | None = None     # PEM text of the CA that signed keystone's certificate, when that is private

    def describe(self) -> str:
        tls = ", TLS with a private CA" if self.cacert else ""
        return (f"{self.auth_url} as {self.username} (domain {self.domain}, project {self.project}){tls}, "
                f"from {self.unit} of Juju model {self.model}")


def application_of(status: Any, charm: str) -> str | None:
    """The application deploying `charm` (the one named like it first), or None."""
    apps = sorted(name for name, app in status.apps.items() if app.charm_name == charm)
    return charm if charm in apps else (apps[0] if apps else None)


def leader_of(status: Any, app: str) -> str | None:
    return next((name for name, unit in sorted(status.apps[app].units.items()) if unit.leader), None)


def _release(origin: str, series: str) -> str | None:
    """The OpenStack release of an `openstack-origin` value (distro, cloud:xenial-newton, cloud:focal-yoga/proposed)."""
    if origin in ("", "distro", "distro-proposed"):
        return DISTRO.get(series)
    pocket = origin.split(":", 1)[-1].split("/", 1)[0]
    release = pocket.rsplit("-", 1)[-1]
    return release if release in RELEASES else None


def _series(app: Any) -> str:
    series = getattr(app, "series", None)   # Juju 2.9 names the series; 3.x the base
    if series:
        return series
    return SERIES.get(app.base.channel, "") if app.base else ""


def api_version(config: dict[str, Any], app: Any) -> int:
    """The identity API version the charm configures: `preferred-api-version`, else 3 from Queens on, 2 before."""
    preferred = config.get("preferred-api-version")
    if preferred not in (None, ""):
        return int(preferred)
    release = _release(str(config.get("openstack-origin") or "distro"), _series(app))
    if release is None:
        return 3   # an origin the suite cannot date (a PPA): every release since Queens is v3-only
    return 3 if RELEASES.index(release) >= RELEASES.index("queens") else 2


def _is_set(value: Any) -> bool:
    return value not in (None, "") and str(value).strip().lower() != "none"


def _host(config: dict[str, Any], unit: Any, unit_name: str) -> str:
    if _is_set(config.get("os-public-hostname")):
        return str(config["os-public-hostname"])
    if _is_set(config.get("vip")):
        return str(config["vip"]).split()[0]
    address = unit.public_address or unit.address
    if not address:
        raise JujuError(f"{unit_name} has no address in `juju status` yet")
    return address


def _url_host(host: str) -> str:
    try:
        return f"[{host}]" if ipaddress.ip_address(host).version == 6 else host
    except ValueError:
        return host


def _truthy(value: Any) -> bool:
    return str(value).strip().lower() in ("true", "yes", "on", "1")


def _ca_from_config(value: str, app: str) -> str:
    try:
        return base64.b64decode(value, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise JujuError(f"{app}'s ssl_ca is not a base64-encoded PEM certificate") from None


def _vault_root_ca(client: ModelClient, status: Any) -> str:
    vault = application_of(status, "vault")
    leader = leader_of(status, vault) if vault else None
    if leader is None:
        raise JujuError("keystone gets its certificate through a `certificates` relation, but the model has no "
                        "vault leader to read the root CA from")
    ca = client.run(leader, "leader-get root-ca", EXEC_TIMEOUT).strip()
    if "BEGIN CERTIFICATE" not in ca:
        raise JujuError(f"{leader} has no root CA in its leader settings (`leader-get root-ca` is empty): has vault "
                        f"generated or been given one?")
    return ca + "\n"


def _tls(client: ModelClient, status: Any, app: str, config: dict[str, Any]) -> tuple[bool, str | None]:
    """(https?, the CA PEM when the certificate is signed by a private CA)."""
    if _is_set(config.get("ssl_cert")) and _is_set(config.get("ssl_key")):
        ca = config.get("ssl_ca")
        return True, _ca_from_config(str(ca), app) if _is_set(ca) else None
    if "certificates" in status.apps[app].relations:
        return True, _vault_root_ca(client, status)
    if _truthy(config.get("use-https", "")):
        return True, None
    return False, None


def keystone_admin(client: ModelClient, status: Any) -> KeystoneAdmin:
    """Read the admin credentials of the model's keystone (a few `juju config`/`juju exec` calls)."""
    app = application_of(status, "keystone")
    if app is None:
        raise NoKeystone(f"model {status.model.name} has no keystone application (it has: "
                         f"{', '.join(sorted(status.apps)) or 'no applications'})")
    leader = leader_of(status, app)
    if leader is None:
        raise JujuError(f"{app} has no leader unit in `juju status` yet")
    config = client.config(app)
    password = client.run(leader, "leader-get admin_passwd", EXEC_TIMEOUT).strip()
    if not password and _is_set(config.get("admin-password")):
        password = str(config["admin-password"]).strip()
    if not password:
        raise JujuError(f"{leader} has no admin_passwd in its leader settings and admin-password is not set")
    version = api_version(config, status.apps[app])
    https, cacert = _tls(client, status, app, config)
    host = _host(config, status.apps[app].units[leader], leader)
    port = int(config.get("service-port") or 5000)
    region = str(config.get("region") or "RegionOne").split()[0]
    return KeystoneAdmin(model=status.model.name, unit=leader,
                         auth_url=f"{'https' if https else 'http'}://{_url_host(host)}:{port}/v3",
                         username=str(config.get("admin-user") or "admin"), password=password,
                         domain=ADMIN_DOMAIN_V3 if version >= 3 else DEFAULT_DOMAIN, project="admin",
                         region=region, api_version=version, cacert=cacert)
