"""The one LXD reader: documents read once per LXD, project scoping, opened on first use, the Juju form as a
contract test; pylxd for real over a unix socket and over HTTPS with client certificates; the expectations'
platform section and LXD forms."""

from __future__ import annotations

import datetime
import ipaddress
import socket
import ssl
import sys
import threading
import time
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from lxdstack.cloud.lxd.app import build_lxd_app
from lxdstack.cloud.lxd.hosts import PlatformLxd
from lxdstack.cloud.lxd.scenario import LxdPlatform
from lxdstack.errors import InputError
from lxdstack.expectations import HostExpectation, load_expectations
from lxdstack.platform import checks
from lxdstack.platform.expectations import (
    LxdReach,
    LxdTls,
    PlatformExpectation,
)
from lxdstack.platform.lxd_api import Deferred, LxdUnreachable, ProjectScoped, open_lxd, with_project
from lxdstack.platform.snapshot import LxdSnapshot
from support.lxd_documents import (
    BRIDGE,
    DEFAULT_PROFILE,
    JUJU,
    NIC,
    PROJECT,
    SOCKET,
    Documents,
    instance,
    lxd,
    seed_host,
)

# -- the reader

def test_documents_are_read_once_per_lxd_and_kept_for_the_report():
    api = Documents(seed_host())
    host = LxdSnapshot("lxd-host", api)
    checks.mtu_problems(host, NIC)
    checks.bridge_problems(host, NIC, BRIDGE, "ipv6")
    assert api.asked == ["/1.0/profiles/default", "/1.0/networks/lxdbr0"]
    assert host.read["/1.0/networks/lxdbr0"]["config"]["ipv6.address"] == "none"


@pytest.mark.parametrize("path, project, scoped", [
    ("/1.0/profiles/default", "broken", "/1.0/profiles/default?project=broken"),
    ("/1.0/instances?recursion=1", "broken", "/1.0/instances?recursion=1&project=broken"),
    ("/1.0/instances?recursion=1", "default", "/1.0/instances?recursion=1"),
    ("/1.0/profiles?project=other", "broken", "/1.0/profiles?project=other"),
])
def test_project_is_added_to_every_path(path, project, scoped):
    assert with_project(path, project) == scoped


def test_project_scoped_reader_names_the_project():
    api = Documents({"/1.0/profiles/default?project=broken": DEFAULT_PROFILE})
    scoped = ProjectScoped(api, "broken")
    assert scoped.where == f"{SOCKET} (project broken)"
    assert scoped.query("/1.0/profiles/default")["name"] == "default"


def test_an_lxd_out_of_reach_is_tried_once_and_fails_each_read_with_the_cause():
    calls = []

    def opener():
        calls.append(1)
        raise LxdUnreachable("LXD at /nowhere.sock: no such socket")

    api = Deferred("/nowhere.sock", opener)
    for path in ("/1.0", "/1.0/profiles/default"):
        with pytest.raises(LxdUnreachable, match="no such socket"):
            api.query(path)
    assert calls == [1] and api.where == "/nowhere.sock"


def test_a_missing_socket_is_unreachable_naming_it(tmp_path):
    api = open_lxd(LxdReach(lxd=str(tmp_path / "unix.socket")))
    with pytest.raises(LxdUnreachable, match=rf"^LXD at {tmp_path}/unix.socket: no such socket$"):
        api.query("/1.0")


def test_juju_form_opens_through_the_juju_layer_on_first_use_contract_test(monkeypatch):
    """Contract test: a stand-in for lxdstack.juju.lxd_api.JujuLxdApi (no Juju controller can run here)."""
    made = []

    class JujuLxdApi:
        def __init__(self, unit: str, model: str | None) -> None:
            made.append((unit, model))
            self.where = f"juju:{unit}"

        def query(self, path: str) -> Any:
            return {"path": path}

    monkeypatch.setitem(sys.modules, "lxdstack.juju.lxd_api", types.SimpleNamespace(JujuLxdApi=JujuLxdApi))
    api = open_lxd(LxdReach(lxd="juju:nova-compute/0", project="broken"), juju_model="openstack")
    assert made == []
    assert api.query("/1.0/profiles/default") == {"path": "/1.0/profiles/default?project=broken"}
    assert made == [("nova-compute/0", "openstack")]
    assert api.where == "juju:nova-compute/0 (project broken)"


# -- pylxd, for real, over a unix socket and over HTTPS with client certificates

def _serve(app, sock: socket.socket, **ssl_options: Any) -> Iterator[None]:
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off", timeout_graceful_shutdown=1,
                                           **ssl_options))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the test's LXD did not start"
        time.sleep(0.01)
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture
def seed_lxd_socket(tmp_path) -> Iterator[str]:
    """The embedded cloud's LXD of the seed's host, on a unix socket."""
    path = tmp_path / "unix.socket"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    sock.listen(8)
    yield from (str(path) for _ in _serve(build_lxd_app(PlatformLxd(LxdPlatform())), sock))


def test_pylxd_over_a_unix_socket_reads_the_seeds_host(seed_lxd_socket):
    host = LxdSnapshot("lxd-host", open_lxd(LxdReach(lxd=seed_lxd_socket)))
    assert [checks.juju_profile_problems(host, JUJU, key) for key in checks.JUJU_PROFILE_KEYS] == [[], [], []]
    assert checks.bridge_problems(host, NIC, BRIDGE, "ipv6") == []
    assert checks.machine_problems(host, "juju-*") == []
    assert len(host.instances()) == 14 and host.where == f"LXD at {seed_lxd_socket}"


def test_pylxd_reads_in_the_project_the_file_names(seed_lxd_socket):
    """The embedded LXD has only the default project: LXD's 404 for another is a missing object, named with
    the project it was looked for in."""
    host = LxdSnapshot("lxd-host", open_lxd(LxdReach(lxd=seed_lxd_socket, project="broken")))
    assert checks.mtu_problems(host, NIC) == [
        f"profile default: not found on the LXD at {seed_lxd_socket} (project broken)"]
    assert list(host.read) == ["/1.0/profiles/default"]


def _certificate(folder: Path, name: str, ip: str | None = None) -> tuple[str, str]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
               .not_valid_after(now + datetime.timedelta(days=1)))
    if ip:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(ip))]),
                                        critical=False)
    cert, key_path = folder / f"{name}.crt", folder / f"{name}.key"
    cert.write_bytes(builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert), str(key_path)


@pytest.fixture
def seed_lxd_https(tmp_path) -> Iterator[tuple[str, Path]]:
    """The same LXD on https://127.0.0.1:PORT, trusting only the client certificate `client.crt` (as LXD trusts
    the certificates added with `lxc config trust add`)."""
    server_cert, server_key = _certificate(tmp_path, "server", ip="127.0.0.1")
    client_cert, _ = _certificate(tmp_path, "client")
    _certificate(tmp_path, "stranger", ip="127.0.0.1")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    url = f"https://127.0.0.1:{sock.getsockname()[1]}"
    serving = _serve(build_lxd_app(PlatformLxd(LxdPlatform())), sock, ssl_certfile=server_cert,
                     ssl_keyfile=server_key, ssl_ca_certs=client_cert, ssl_cert_reqs=ssl.CERT_REQUIRED)
    yield from ((url, tmp_path) for _ in serving)


def test_pylxd_over_https_with_a_client_certificate_and_the_servers_pinned(seed_lxd_https):
    url, folder = seed_lxd_https
    tls = LxdTls(cert=str(folder / "client.crt"), key=str(folder / "client.key"),
                 server_cert=str(folder / "server.crt"))
    host = LxdSnapshot("lxd-host", open_lxd(LxdReach(lxd=url, tls=tls)))
    assert checks.mtu_problems(host, NIC) == [] and host.where == f"LXD at {url}"


@pytest.mark.parametrize("client, server", [("client", "stranger"), ("stranger", "server")],
                         ids=["server-not-the-pinned-one", "client-not-trusted"])
def test_https_refuses_a_stranger_on_either_side(seed_lxd_https, client, server):
    url, folder = seed_lxd_https
    tls = LxdTls(cert=str(folder / f"{client}.crt"), key=str(folder / f"{client}.key"),
                 server_cert=str(folder / f"{server}.crt"))
    with pytest.raises(LxdUnreachable, match=rf"^LXD at {url}: (ClientConnectionFailed|SSLError)"):
        open_lxd(LxdReach(lxd=url, tls=tls)).query("/1.0")


def test_a_missing_listing_is_an_error_naming_it_not_an_empty_list():
    """LXD always has its collections: a 404 there is a wrong project, which must not pass for "nothing wrong"."""
    host = lxd(**{"/1.0/profiles?recursion=1": None})
    with pytest.raises(LxdUnreachable, match=r"^LXD at /var/lib/lxd/unix.socket: GET /1.0/profiles\?recursion=1: "):
        checks.refused_configuration(host)


# -- the expectations' platform section and LXD forms: one-line input errors naming the file

@pytest.mark.parametrize("text, message", [
    ("platform: {absent: no LXD, machines: juju-*}\n", "give either `absent: <reason>` or the platform's"),
    ("platform: {host: {lxd: none}}\n", "declare the platform `absent: <reason>` instead"),
    ("platform: {host: {lxd: 'juju:nova-compute'}}\n", "name a unit after juju:, e.g. juju:nova-compute/0"),
    ("platform: {host: {lxd: 'tcp://x'}}\n", "use embedded, none, a socket path, an https:// URL or juju:<unit>"),
    ("platform: {host: {lxd: /s, tls: {cert: CERT, key: CERT}}}\n", "`tls` applies to an https:// URL only"),
    ("platform: {host: {lxd: 'https://h:8443', tls: {cert: /nowhere/c.crt, key: /nowhere/c.key}}}\n",
     "/nowhere/c.crt: no such file"),
    ("platform: {host: {lxd: 'https://h:8443', tls: {cert: c.crt, key: c.key}}}\n", "give an absolute path"),
    ("platform: {bridge: {subnet: 10.0.8.0/24, gateway: 10.0.9.1}}\n", "10.0.9.1 outside subnet 10.0.8.0/24"),
    ("platform: {bridge: {dhcp_ranges: [10.0.8.2]}}\n", "ranges as FIRST-LAST"),
    ("platform: {nic: {mtu: 20}}\n", "greater than or equal to 68"),
    ("compute: {boot_image: i, hosts: [{name: h, lxd: 'juju:nova-compute/x'}]}\n", "name a unit after juju:"),
], ids=["absent-and-described", "platform-none", "juju-no-unit", "unknown-form", "tls-without-https",
        "missing-cert", "relative-cert", "gateway-outside", "range-not-a-range", "mtu-too-small", "host-juju-no-unit"])
def test_platform_mistakes_are_one_line_naming_the_file(tmp_path, text, message):
    (tmp_path / "newton-lxd.yaml").write_text((PROJECT / "expectations" / "newton-lxd.yaml").read_text())
    path, cert = tmp_path / "mine.yaml", tmp_path / "some.crt"
    cert.write_text("a file that exists\n")
    path.write_text("extends: newton-lxd\n" + text.replace("CERT", str(cert)))
    with pytest.raises(InputError) as caught:
        load_expectations(path)
    assert message in str(caught.value) and str(path) in str(caught.value) and "\n" not in str(caught.value)


def test_the_seeds_platform_is_the_default_and_the_all_in_one_has_none():
    seed = load_expectations(PROJECT / "expectations" / "newton-lxd.yaml").platform
    assert seed == PlatformExpectation()
    assert (seed.bridge.subnet, seed.nic.mtu, seed.juju_profile.name) == ("10.0.8.0/24", 9000, "juju-default")
    assert load_expectations(PROJECT / "expectations" / "aio.yaml").platform.absent.startswith("the all-in-one")


def test_a_compute_host_may_be_read_over_https_in_a_project(tmp_path):
    cert, key = _certificate(tmp_path, "client")
    host = HostExpectation(name="c3", lxd="https://10.0.8.12:8443", tls={"cert": cert, "key": key},
                           project="openstack")
    assert (host.tls.server_cert, host.project, host.storage) == (None, "openstack", None)


def test_documents_shown_in_a_report_hide_cloud_init_data():
    """Juju's cloud-init for a machine (user.user-data) carries its agent's password: never in a report."""
    secret = "#cloud-config\napipassword: s3cret\n"
    machine = instance("juju-7f3a21-0")
    machine["config"]["user.user-data"] = machine["expanded_config"]["user.user-data"] = secret
    host = lxd(**{"/1.0/instances?recursion=1": [machine]})
    checks.machine_problems(host, "juju-*")
    shown = host.shown()
    assert "s3cret" not in repr(shown) and "s3cret" in repr(host.read)
    assert shown["documents"]["/1.0/instances?recursion=1"][0]["config"]["user.user-data"] == "<redacted>"
    assert shown["where"] == f"LXD at {SOCKET}"
