"""PKI/PKIZ tokens offline: format and conversion, and each verification failure classified from what the real
openssl says about certificates made here with `cryptography` (a CA, signing certificates good and bad), as
`keystone-manage pki_setup` or a careless operator would make them."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from lxdstack import certificates, pki
from lxdstack.certificates import Certificates
from lxdstack.errors import (
    CertificateExpired,
    CertificateFilesMissing,
    CertificatePurposeError,
    CorruptToken,
    NotAPkiToken,
    PkiVerifyError,
    SigningCertificateMismatch,
    UnsafeSigningDirectory,
    UntrustedCertificate,
)
from lxdstack.openssl import classify_failure
from lxdstack.tokens import fingerprint, token_facts, token_format

NOW = datetime.now(UTC)
SUBJECT = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "US"), x509.NameAttribute(NameOID.COMMON_NAME,
                                                                                         "www.example.com")])
PAYLOAD = {"token": {"user": {"id": "u1"}, "project": {"id": "p1"}, "expires_at": "2030-01-01T00:00:00.000000Z",
                     "roles": [{"id": "r1", "name": "Admin"}], "catalog": [{"type": "identity"}]}}


@dataclass
class Issued:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    @property
    def pem(self) -> str:
        return self.cert.public_bytes(serialization.Encoding.PEM).decode()


@pytest.fixture(scope="module")
def keys() -> list[rsa.RSAPrivateKey]:
    return [rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(3)]


def _ca(key, name: str = "Keystone CA") -> Issued:
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(1).not_valid_before(NOW - timedelta(days=1)).not_valid_after(NOW + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    return Issued(key, cert)


def _signing(key, ca: Issued, *extensions: x509.ExtensionType, days: int = 3650, serial: int = 2) -> Issued:
    """A signing certificate as pki_setup issues it (CA:FALSE, no keyUsage, no extendedKeyUsage), plus any
    `extensions`; negative `days` gives one that has already expired."""
    builder = (x509.CertificateBuilder().subject_name(SUBJECT).issuer_name(ca.cert.subject)
               .public_key(key.public_key()).serial_number(serial)
               .not_valid_before(NOW - timedelta(days=abs(days) + 10 if days < 0 else 1))
               .not_valid_after(NOW + timedelta(days=days))
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=False))
    for extension in extensions:
        builder = builder.add_extension(extension, critical=False)
    return Issued(key, builder.sign(ca.key, hashes.SHA256()))


@pytest.fixture(scope="module")
def world(keys):
    """The CA, a good signing certificate, and the bad ones each fault scenario has."""
    ca, other_ca = _ca(keys[0]), _ca(keys[2], "Other CA")
    key_encipherment = x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=True,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False)
    return {
        "ca": ca, "other_ca": other_ca,
        "good": _signing(keys[1], ca),
        "serverauth": _signing(keys[1], ca, x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH])),
        "keyencipherment": _signing(keys[1], ca, key_encipherment),
        "expired": _signing(keys[1], ca, days=-1),
        "foreign": _signing(keys[1], other_ca),
    }


def _sign(signer: Issued, tmp_path: Path, content: dict) -> str:
    """`openssl cms -sign` as keystoneclient's cms_sign_data runs it: the PEM CMS message."""
    cert, key = tmp_path / "sign-cert.pem", tmp_path / "sign-key.pem"
    cert.write_text(signer.pem)
    key.write_bytes(signer.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                             serialization.NoEncryption()))
    done = subprocess.run(["openssl", "cms", "-sign", "-signer", str(cert), "-inkey", str(key), "-outform", "PEM",
                           "-nosmimecap", "-nodetach", "-nocerts", "-noattr", "-md", "sha256"],
                          input=json.dumps(content).encode(), capture_output=True, check=True)
    return done.stdout.decode()


def _pki(pem: str) -> str:
    """keystoneclient's cms_to_token: armour and newlines off, `/` -> `-`."""
    body = pem.replace("-----BEGIN CMS-----", "").replace("-----END CMS-----", "")
    return body.replace("\n", "").replace("/", "-")


def _pkiz(pem: str) -> str:
    return "PKIZ_" + base64.urlsafe_b64encode(zlib.compress(pem.encode(), 6)).decode()


def _signing_dir(tmp_path: Path, signing: Issued, ca: Issued, refresh=None) -> pki.SigningDir:
    directory = pki.SigningDir(tmp_path / "signing", refresh=refresh)
    directory.store(Certificates(signing_pem=signing.pem, ca_pem=ca.pem, source="the test"))
    return directory


# --- format and conversion ------------------------------------------------------------------------------------


@pytest.mark.parametrize("token, expected", [
    ("a" * 32, "uuid"), ("gAAAAAB" + "x" * 150, "fernet"), ("MIIBxyz", "pki"), ("PKIZ_eJw", "pkiz"),
    ("abc", "unknown"),
], ids=["uuid", "fernet", "pki", "pkiz", "unknown"])
def test_token_format_from_the_shape(token, expected):
    assert token_format(token) == expected


def test_pki_token_turns_back_into_the_signed_pem(world, tmp_path):
    pem = _sign(world["good"], tmp_path, PAYLOAD)
    token = _pki(pem)
    assert token.startswith("MII") and "/" not in token
    assert pki.token_to_cms(token) == pem
    assert all(len(line) <= 64 for line in pki.token_to_cms(token).splitlines())


def test_pkiz_token_decompresses_to_the_pem_text(world, tmp_path):
    pem = _sign(world["good"], tmp_path, PAYLOAD)
    token = _pkiz(pem)
    assert token_format(token) == "pkiz"
    assert pki.token_to_cms(token) == pem


@pytest.mark.parametrize("token, problem", [
    ("PKIZ_###", "urlsafe base64 does not decode"),
    ("PKIZ_" + base64.urlsafe_b64encode(b"not zlib at all").decode(), "do not zlib-decompress"),
    ("PKIZ_" + base64.urlsafe_b64encode(zlib.compress(b"\x30\x82 DER, not PEM")).decode(), "not a PEM CMS message"),
    ("MIIB" + "ab*cd", "holds '*', which is not base64"),
], ids=["pkiz-bad-base64", "pkiz-not-zlib", "pkiz-not-pem", "pki-bad-character"])
def test_malformed_token_is_corrupt_naming_what_failed(token, problem):
    with pytest.raises(CorruptToken) as caught:
        pki.token_to_cms(token)
    assert problem in str(caught.value) and fingerprint(token) in str(caught.value)
    assert token not in str(caught.value)


@pytest.mark.parametrize("token", ["a" * 32, "gAAAAAB" + "x" * 150, ""], ids=["uuid", "fernet", "empty"])
def test_a_token_without_signature_is_not_a_pki_token(token):
    with pytest.raises(NotAPkiToken, match="not PKI or PKIZ"):
        pki.token_to_cms(token)


def test_cms_hash_is_the_md5_of_the_whole_token():
    token = "MII" + "A" * 500
    assert pki.cms_hash_token(token) == hashlib.md5(token.encode()).hexdigest()


# --- verification, real openssl -------------------------------------------------------------------------------


@pytest.mark.parametrize("encode", [_pki, _pkiz], ids=["pki", "pkiz"])
def test_good_token_verifies_to_its_payload(world, tmp_path, encode):
    token = encode(_sign(world["good"], tmp_path, PAYLOAD))
    payload = pki.verify_token(token, _signing_dir(tmp_path, world["good"], world["ca"]))
    assert payload == PAYLOAD
    assert token_facts(payload).roles == ("Admin",) and token_facts(payload).service_types == ("identity",)


@pytest.mark.parametrize("signer, error, words", [
    ("serverauth", CertificatePurposeError,
     ["unsuitable certificate purpose", "extendedKeyUsage serverAuth", "lacks emailProtection",
      "keystone-manage pki_setup"]),
    ("keyencipherment", CertificatePurposeError,
     ["keyUsage keyEncipherment", "neither digitalSignature nor nonRepudiation", "keystone-manage pki_setup"]),
    ("expired", CertificateExpired, ["certificate has expired", "expired on", "(notAfter)"]),
    ("foreign", UntrustedCertificate,
     ["unable to get local issuer certificate", "was issued by CN=Other CA", "the CA Keystone publishes is "
      "CN=Keystone CA"]),
], ids=["eku-serverauth", "keyusage-keyencipherment", "expired", "foreign-ca"])
def test_each_failure_is_named_with_what_to_fix(world, tmp_path, signer, error, words):
    token = _pki(_sign(world[signer], tmp_path, PAYLOAD))
    with pytest.raises(error) as caught:
        pki.verify_token(token, _signing_dir(tmp_path, world[signer], world["ca"]))
    message = str(caught.value)
    assert message.startswith(f"openssl cms -verify exited 4 verifying the PKI token {fingerprint(token)}: ")
    assert caught.value.exit_code == 4 and isinstance(caught.value, PkiVerifyError)
    for word in words:
        assert word in message, message
    assert "fix:" in message and token not in message


def test_expired_names_the_not_after_date(world, tmp_path):
    token = _pki(_sign(world["expired"], tmp_path, PAYLOAD))
    with pytest.raises(CertificateExpired) as caught:
        pki.verify_token(token, _signing_dir(tmp_path, world["expired"], world["ca"]))
    assert f"{world['expired'].cert.not_valid_after_utc:%Y-%m-%dT%H:%M:%SZ}" in str(caught.value)


def test_altered_token_is_corrupt(world, tmp_path):
    pem = _sign(world["good"], tmp_path, PAYLOAD)
    der = bytearray(base64.b64decode("".join(pem.splitlines()[1:-1])))
    at = der.find(b'"u1"')
    der[at + 2] = ord("2")   # the payload now names user u2, under the signature made for u1
    altered = base64.b64encode(bytes(der)).decode().replace("/", "-")
    with pytest.raises(CorruptToken) as caught:
        pki.verify_token(altered, _signing_dir(tmp_path, world["good"], world["ca"]))
    assert "exited 4" in str(caught.value) and "signature does not match the signed content" in str(caught.value)


def test_truncated_token_is_corrupt_and_fetches_nothing(world, tmp_path):
    token = _pki(_sign(world["good"], tmp_path, PAYLOAD))[:200]
    fetched = []
    directory = _signing_dir(tmp_path, world["good"], world["ca"], refresh=lambda: fetched.append(1))
    with pytest.raises(CorruptToken) as caught:
        pki.verify_token(token, directory)
    assert str(caught.value).startswith("openssl cms -verify exited 2 ") and "not a well-formed CMS" in \
        str(caught.value)
    assert fetched == [], "an unreadable token made the certificates be fetched again"


def test_token_of_another_signer_is_a_mismatch(world, tmp_path):
    other = _signing(world["good"].key, world["ca"], serial=99)
    token = _pki(_sign(other, tmp_path, PAYLOAD))
    with pytest.raises(SigningCertificateMismatch, match="signer certificate not found"):
        pki.verify_token(token, _signing_dir(tmp_path, world["good"], world["ca"]))


def test_missing_certificates_are_fetched_and_verification_retried_once(world, tmp_path):
    token = _pki(_sign(world["good"], tmp_path, PAYLOAD))
    fetched = []

    def refresh():
        fetched.append(1)
        return Certificates(signing_pem=world["good"].pem, ca_pem=world["ca"].pem, source="GET /v3/OS-SIMPLE-CERT")

    directory = pki.SigningDir(tmp_path / "empty", refresh=refresh)
    assert pki.verify_token(token, directory) == PAYLOAD
    assert fetched == [1] and directory.signing_cert.exists() and directory.ca.exists()
    assert pki.verify_token(token, directory) == PAYLOAD and fetched == [1], "fetched again with the files there"


def test_certificates_still_unreadable_after_the_fetch_fail_once(world, tmp_path):
    token = _pki(_sign(world["good"], tmp_path, PAYLOAD))
    fetched = []

    def refresh():
        fetched.append(1)
        return Certificates(signing_pem="not a certificate\n", ca_pem=world["ca"].pem, source="GET /broken")

    with pytest.raises(CertificateFilesMissing) as caught:
        pki.verify_token(token, pki.SigningDir(tmp_path / "empty", refresh=refresh))
    assert fetched == [1]
    assert str(caught.value).startswith("openssl cms -verify exited 2 ")
    assert "even after fetching the certificates again" in str(caught.value) and "GET /broken" in str(caught.value)


def test_revocation_list_verifies_to_its_entries(world, tmp_path):
    entries = [{"id": pki.cms_hash_token("MII" + "A" * 100), "expires": "2030-01-01T00:00:00Z"}]
    signed = {"signed": _sign(world["good"], tmp_path, {"revoked": entries})}
    directory = _signing_dir(tmp_path, world["good"], world["ca"])
    assert pki.verify_revocation_list(signed, directory, "GET /v3/auth/tokens/OS-PKI/revoked") == entries
    with pytest.raises(CorruptToken, match="no `signed` member"):
        pki.verify_revocation_list({"revoked": entries}, directory)
    with pytest.raises(CertificatePurposeError, match="the revocation list from Keystone"):
        pki.verify_revocation_list({"signed": _sign(world["serverauth"], tmp_path, {"revoked": []})},
                                   _signing_dir(tmp_path, world["serverauth"], world["ca"]))


# --- the certificates, read without openssl -------------------------------------------------------------------


def _certs(world, signing: str, ca: str = "ca") -> Certificates:
    return Certificates(signing_pem=world[signing].pem, ca_pem=world[ca].pem, source="the test")


def test_pki_setup_certificates_pass_every_static_check(world):
    certs = _certs(world, "good")
    certificates.check_purposes(certs)
    certificates.check_issued_by_ca(certs)
    assert 3640 < certificates.check_dates(certs) < 3651


@pytest.mark.parametrize("signing, check, error", [
    ("serverauth", certificates.check_purposes, CertificatePurposeError),
    ("keyencipherment", certificates.check_purposes, CertificatePurposeError),
    ("expired", certificates.check_dates, CertificateExpired),
    ("foreign", certificates.check_issued_by_ca, UntrustedCertificate),
], ids=["eku-serverauth", "keyusage-keyencipherment", "expired", "foreign-ca"])
def test_static_checks_find_what_openssl_would_refuse(world, signing, check, error):
    with pytest.raises(error, match="openssl cms -verify would exit 4 on every token it signs"):
        check(_certs(world, signing))


def test_same_named_ca_with_another_key_is_untrusted_naming_the_keys(world, keys):
    impostor = _ca(keys[2], "Keystone CA")   # another pki_setup: same subject, other key
    certs = Certificates(signing_pem=world["good"].pem, ca_pem=impostor.pem, source="the test")
    with pytest.raises(UntrustedCertificate, match="has that name, but the CA's key did not sign it"):
        certificates.check_issued_by_ca(certs)


# --- the private signing directory ----------------------------------------------------------------------------


def test_missing_signing_directory_is_made_private(tmp_path):
    old = os.umask(0o022)
    try:
        path = pki.private_directory(tmp_path / "a" / "signing")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o700


@pytest.mark.parametrize("make, problem", [
    (lambda p: (p.mkdir(), p.chmod(0o755)), "mode 0755, not 0700"),
    (lambda p: p.write_text("x"), "not a directory"),
    (lambda p: p.symlink_to(p.parent), "a symbolic link"),
], ids=["world-readable", "a-file", "a-symlink"])
def test_a_signing_directory_that_is_not_private_is_refused(tmp_path, make, problem):
    path = tmp_path / "signing"
    make(path)
    with pytest.raises(UnsafeSigningDirectory, match=problem):
        pki.SigningDir(path)


def test_a_signing_directory_of_another_user_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "signing"
    path.mkdir(mode=0o700)
    monkeypatch.setattr(pki.os, "geteuid", lambda: path.stat().st_uid + 1)
    with pytest.raises(UnsafeSigningDirectory, match=r"owned by uid \d+, not by this user"):
        pki.private_directory(path)


# --- OpenSSL 1.0's wording, v2.0 token bodies ----------------------------------------------------------------


def test_openssl_1_0_wording_is_classified_too(world, tmp_path):
    """Newton's Ubuntu (xenial) ran OpenSSL 1.0.2: no space after `Verify error:`, "unsupported" purpose."""
    stderr = ("Verification failure\n140086:error:2E099064:CMS routines:CMS_VERIFY:certificate verify error:"
              "cms_smime.c:333:Verify error:unsupported certificate purpose\n")
    error = classify_failure(4, stderr, "the PKI token MIIB…(9 chars)",
                             _signing_dir(tmp_path, world["serverauth"], world["ca"]))
    assert isinstance(error, CertificatePurposeError), error
    assert str(error).startswith("openssl cms -verify exited 4 verifying the PKI token MIIB…(9 chars): Verification "
                                 "failure; certificate verify error: Verify error:unsupported certificate purpose.")


def test_unknown_verify_error_is_still_a_pki_verify_error(world, tmp_path):
    stderr = "CMS Verification failure\n4:error:17000064:CMS routines:f:certificate verify error:x.c:1:" \
             "Verify error: certificate revoked\n"
    error = classify_failure(4, stderr, "the revocation list", _signing_dir(tmp_path, world["good"], world["ca"]))
    assert type(error) is PkiVerifyError and "exited 4" in str(error) and "certificate revoked" in str(error)


def test_v2_and_v3_token_bodies_give_the_same_facts():
    v3 = token_facts(PAYLOAD)
    v2 = token_facts({"access": {"token": {"id": "x", "expires": "2030-01-01T00:00:00Z", "tenant": {"id": "p1"}},
                                 "user": {"id": "u1", "roles": [{"name": "Admin"}]},
                                 "serviceCatalog": [{"type": "identity", "endpoints": []}]}})
    assert v3.differences(v2) == [] and v3.expires_at == datetime(2030, 1, 1, tzinfo=UTC)
    assert token_facts(PAYLOAD["token"]) == v3, "validation's body (without the wrapper) reads the same"
