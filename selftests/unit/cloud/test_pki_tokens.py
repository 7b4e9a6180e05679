"""PKI and PKIZ tokens as Newton's Keystone issued them, checked with the real `openssl cms -verify` against the
certificates the cloud serves: token format, the signed documents (v3 and v2.0), online validation, the signed
revocation list, and the signing-certificate faults.

Assertions never show a whole token: on failure they print its first characters or openssl's stderr only.
"""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

FOLDER = "identity-pki"
VERIFY = ["openssl", "cms", "-verify", "-inform", "PEM", "-nosmimecap", "-nodetach", "-nocerts", "-noattr"]


@pytest.fixture
def pki(scenario_clouds) -> Callable[[str], object]:
    """`pki(scenario)`: this folder's cloud of that scenario (started on first use, shared by the session)."""
    return lambda scenario="newton-lxd-pki": scenario_clouds.api(FOLDER, scenario)


def pem_of(token_id: str) -> str:
    """keystoneclient's `token_to_cms` / `pkiz_uncompress`, written out here rather than taken from the cloud."""
    if token_id.startswith("PKIZ_"):
        return zlib.decompress(base64.urlsafe_b64decode(token_id[len("PKIZ_"):])).decode()
    body = token_id.replace("-", "/")
    return "\n".join(["-----BEGIN CMS-----", *(body[n:n + 64] for n in range(0, len(body), 64)),
                      "-----END CMS-----\n"])


def verify(api, pem: str, folder: Path) -> subprocess.CompletedProcess:
    """keystonemiddleware's check: `openssl cms -verify` with the signing and CA certificates the cloud serves."""
    signing, ca = folder / "signing_cert.pem", folder / "ca.pem"
    signing.write_text(api.request("GET", "/identity/v3/OS-SIMPLE-CERT/certificates").text)
    ca.write_text(api.request("GET", "/identity/v3/OS-SIMPLE-CERT/ca").text)
    command = [*VERIFY, "-certfile", str(signing), "-CAfile", str(ca)]
    return subprocess.run(command, input=pem.encode(), capture_output=True, timeout=30, check=False)


def signed_document(api, token_id: str, folder: Path) -> dict:
    done = verify(api, pem_of(token_id), folder)
    assert done.returncode == 0, done.stderr.decode()
    return json.loads(done.stdout)


@pytest.mark.parametrize(("scenario", "prefix"), [("newton-lxd-pki", "MII"), ("newton-lxd-pkiz", "PKIZ_")])
def test_v3_token_is_the_signed_response_body(pki, password: str, tmp_path: Path, scenario: str,
                                              prefix: str) -> None:
    api = pki(scenario)
    response = api.auth("admin", password, project="admin")
    assert response.status_code == 201
    token_id = response.headers["X-Subject-Token"]
    assert token_id[:len(prefix)] == prefix
    assert "\n" not in token_id and "/" not in token_id
    document = signed_document(api, token_id, tmp_path)
    assert document == response.json()
    assert document["token"]["catalog"] and document["token"]["project"]["name"] == "admin"


@pytest.mark.parametrize("scenario", ["newton-lxd-pki", "newton-lxd-pkiz"])
def test_v2_token_is_the_signed_access_document(pki, password: str, tmp_path: Path, scenario: str) -> None:
    api = pki(scenario)
    body = {"auth": {"passwordCredentials": {"username": "admin", "password": password}, "tenantName": "admin"}}
    response = api.request("POST", "/identity/v2.0/tokens", json=body)
    assert response.status_code == 200
    access = response.json()["access"]
    token_id = access["token"].pop("id")
    document = signed_document(api, token_id, tmp_path)
    # Newton's v2.0 controller signs before the id exists: the signed copy says 'placeholder'.
    assert document["access"]["token"].pop("id") == "placeholder"
    assert document == {"access": access}
    assert access["serviceCatalog"]


def test_pkiz_token_compresses_the_pem_at_level_6(pki, password: str) -> None:
    token_id = pki("newton-lxd-pkiz").token("admin", password, project="admin")
    compressed = base64.urlsafe_b64decode(token_id[len("PKIZ_"):])
    pem = zlib.decompress(compressed)
    assert pem.startswith(b"-----BEGIN CMS-----\nMII") and pem.endswith(b"-----END CMS-----\n")
    assert zlib.compress(pem, 6) == compressed


@pytest.mark.parametrize("scenario", ["newton-lxd-pki", "newton-lxd-pkiz"])
def test_pki_tokens_validate_online_and_open_every_service(pki, password: str, scenario: str) -> None:
    api = pki(scenario)
    admin, demo = api.token("admin", password, project="admin"), api.token("demo", password, project="demo")
    validated = api.validate(admin, demo)
    assert validated.status_code == 200
    same = validated.headers["X-Subject-Token"] == demo
    assert same, "X-Subject-Token is not the subject token"
    assert validated.json()["token"]["user"]["name"] == "demo"
    assert api.validate(demo, demo, "HEAD").status_code == 200
    v2 = api.request("GET", f"/identity/v2.0/tokens/{demo}", admin)
    assert v2.status_code == 200 and v2.json()["access"]["user"]["name"] == "demo"
    assert api.request("GET", "/compute/v2.1/flavors", demo).status_code == 200


def test_revoked_pki_token_is_listed_by_its_md5(pki, password: str, tmp_path: Path) -> None:
    api = pki()
    admin, victim = api.token("admin", password, project="admin"), api.token("demo", password, project="demo")
    assert api.validate(admin, victim, "DELETE").status_code == 204
    assert api.validate(admin, victim).status_code == 404
    assert api.request("GET", "/compute/v2.1/flavors", victim).status_code == 401
    digest = hashlib.md5(victim.encode(), usedforsecurity=False).hexdigest()
    for path in ("/identity/v3/auth/tokens/OS-PKI/revoked", "/identity/v2.0/tokens/revoked"):
        response = api.request("GET", path, admin)
        assert response.status_code == 200
        signed = response.json()["signed"]
        assert signed.startswith("-----BEGIN CMS-----\n") and signed.endswith("-----END CMS-----\n")
        done = verify(api, signed, tmp_path)
        assert done.returncode == 0, done.stderr.decode()
        entries = {entry["id"]: entry for entry in json.loads(done.stdout)["revoked"]}
        assert digest in entries, path
        assert entries[digest]["expires"].endswith("Z") and "." not in entries[digest]["expires"]


def test_audit_id_only_revocation_list_is_unsigned(pki, password: str) -> None:
    api = pki()
    admin, victim = api.token("admin", password, project="admin"), api.token("demo", password, project="demo")
    audit_id = api.validate(admin, victim).json()["token"]["audit_ids"][0]
    api.validate(admin, victim, "DELETE")
    response = api.request("GET", "/identity/v3/auth/tokens/OS-PKI/revoked?audit_id_only", admin)
    assert response.status_code == 200
    revoked = response.json()["revoked"]
    assert all(set(entry) == {"audit_id", "expires"} for entry in revoked)
    assert audit_id in [entry["audit_id"] for entry in revoked]


@pytest.mark.parametrize("path", ["/identity/v3/auth/tokens/OS-PKI/revoked", "/identity/v2.0/tokens/revoked"])
def test_revocation_list_is_for_admins(pki, password: str, path: str) -> None:
    api = pki()
    member = api.request("GET", path, api.token("demo", password, project="demo"))
    assert member.status_code == 403
    assert member.json()["error"]["message"] == (
        "You are not authorized to perform the requested action: identity:revocation_list.")
    assert api.request("GET", path).status_code == 401


def test_certificate_routes_agree_and_need_no_token(pki) -> None:
    api = pki()
    v3_signing = api.request("GET", "/identity/v3/OS-SIMPLE-CERT/certificates")
    v3_ca = api.request("GET", "/identity/v3/OS-SIMPLE-CERT/ca")
    v2_signing = api.request("GET", "/identity/v2.0/certificates/signing")
    v2_ca = api.request("GET", "/identity/v2.0/certificates/ca")
    for response in (v3_signing, v3_ca, v2_signing, v2_ca):
        assert response.status_code == 200
        assert response.text.startswith("-----BEGIN CERTIFICATE-----\n")
    assert v3_signing.headers["Content-Type"] == v3_ca.headers["Content-Type"] == "application/x-pem-file"
    assert v2_signing.headers["Content-Type"] == "text/html; charset=UTF-8"
    assert v3_signing.text == v2_signing.text and v3_ca.text == v2_ca.text
    assert v3_signing.text != v3_ca.text


@pytest.mark.parametrize(
    ("scenario", "reason"),
    [
        ("fault-pki-purpose-serverauth", "Verify error: unsuitable certificate purpose"),
        ("fault-pki-purpose-keyencipherment", "Verify error: unsuitable certificate purpose"),
        ("fault-pki-expired", "Verify error: certificate has expired"),
        ("fault-pki-foreign-ca", "Verify error: unable to get local issuer certificate"),
    ],
)
def test_signing_certificate_fault_fails_verification(pki, password: str, tmp_path: Path, scenario: str,
                                                      reason: str) -> None:
    api = pki(scenario)
    token_id = api.token("admin", password, project="admin")
    assert token_id[:3] == "MII"
    done = verify(api, pem_of(token_id), tmp_path)
    stderr = done.stderr.decode()
    assert done.returncode == 4, stderr
    assert "CMS Verification failure" in stderr and reason in stderr, stderr
    assert done.stdout == b""
    # Keystone itself still validates the token online: only offline verification is broken.
    assert api.validate(token_id, token_id).status_code == 200


def test_uuid_cloud_signs_a_revocation_list_of_uuid_ids(api, admin_token: str, password: str,
                                                        tmp_path: Path) -> None:
    """The charm ran pki_setup for every provider; Newton stored (and lists) a UUID token under its own id."""
    victim = api.token("demo", password, project="demo")
    assert len(victim) == 32 and int(victim, 16) >= 0
    assert api.validate(admin_token, victim, "DELETE").status_code == 204
    response = api.request("GET", "/identity/v2.0/tokens/revoked", admin_token)
    assert response.status_code == 200
    done = verify(api, response.json()["signed"], tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    listed = victim in [entry["id"] for entry in json.loads(done.stdout)["revoked"]]
    assert listed, "the revoked UUID token is not in the revocation list"


def test_fernet_cloud_lists_no_revoked_tokens(pki, password: str, tmp_path: Path) -> None:
    """Fernet tokens are never stored, so Newton's revocation list (read from the token store) stays empty."""
    api = pki("newton-lxd-fernet")
    admin, victim = api.token("admin", password, project="admin"), api.token("demo", password, project="demo")
    assert victim[:7] == "gAAAAAB"
    assert api.validate(admin, victim, "DELETE").status_code == 204
    response = api.request("GET", "/identity/v3/auth/tokens/OS-PKI/revoked", admin)
    done = verify(api, response.json()["signed"], tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout) == {"revoked": []}
