"""In-process checks of pki_setup's certificates, the CMS helpers and when the signing files are made (no HTTP)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID

from lxdstack.cloud.core.errors import InternalError
from lxdstack.cloud.core.state import CloudState
from lxdstack.cloud.identity import certificates, cms
from lxdstack.cloud.identity.certificates import PkiFiles, pki_setup
from lxdstack.cloud.scenario import Pki, load_scenario

SUBJECT = "CN=www.example.com,O=Unset,L=Unset,ST=Unset,C=US"


def load(files: PkiFiles) -> tuple[x509.Certificate, x509.Certificate]:
    return (x509.load_pem_x509_certificate(files.ca.read_bytes()),
            x509.load_pem_x509_certificate(files.signing_cert.read_bytes()))


def extension(cert: x509.Certificate, kind: type) -> object:
    return cert.extensions.get_extension_for_class(kind).value


def test_ca_is_pki_setups_v3_ca(tmp_path: Path) -> None:
    ca, _ = load(pki_setup(tmp_path, Pki()))
    assert ca.subject.rfc4514_string() == ca.issuer.rfc4514_string() == SUBJECT
    assert isinstance(ca.public_key(), rsa.RSAPublicKey) and ca.public_key().key_size == 2048
    assert ca.not_valid_after_utc - ca.not_valid_before_utc == timedelta(days=3650)
    assert extension(ca, x509.BasicConstraints).ca is True
    ski = extension(ca, x509.SubjectKeyIdentifier).digest
    assert extension(ca, x509.AuthorityKeyIdentifier).key_identifier == ski
    ca.verify_directly_issued_by(ca)


def test_signing_cert_has_no_key_usage_and_drops_the_locality(tmp_path: Path) -> None:
    files = pki_setup(tmp_path, Pki())
    ca, signing = load(files)
    # `openssl ca` with policy_anything keeps only the policy's fields: localityName is not one of them.
    assert signing.subject.rfc4514_string() == "CN=www.example.com,O=Unset,ST=Unset,C=US"
    assert signing.issuer == ca.subject and signing.serial_number == 1
    assert signing.public_key().key_size == 2048
    assert signing.not_valid_after_utc - signing.not_valid_before_utc == timedelta(days=3650)
    assert extension(signing, x509.BasicConstraints).ca is False
    assert extension(signing, x509.AuthorityKeyIdentifier).key_identifier == \
        extension(ca, x509.SubjectKeyIdentifier).digest
    assert {type(e.value) for e in signing.extensions} == {
        x509.BasicConstraints, x509.SubjectKeyIdentifier, x509.AuthorityKeyIdentifier}
    signing.verify_directly_issued_by(ca)
    assert files.signing_key.stat().st_mode & 0o777 == 0o600


def test_purpose_faults_add_the_named_usages(tmp_path: Path) -> None:
    _, signing = load(pki_setup(tmp_path, Pki(key_usage=["keyEncipherment"], extended_key_usage=["serverAuth"])))
    usage = extension(signing, x509.KeyUsage)
    assert usage.key_encipherment and not (usage.digital_signature or usage.content_commitment)
    assert list(extension(signing, x509.ExtendedKeyUsage)) == [ExtendedKeyUsageOID.SERVER_AUTH]


def test_expired_fault_ended_yesterday(tmp_path: Path) -> None:
    _, signing = load(pki_setup(tmp_path, Pki(expired=True)))
    now = datetime.now(UTC)
    assert now - timedelta(days=2) < signing.not_valid_after_utc < now


def test_foreign_ca_fault_has_the_same_issuer_name_but_another_key(tmp_path: Path) -> None:
    ca, signing = load(pki_setup(tmp_path, Pki(foreign_ca=True)))
    assert signing.issuer == ca.subject
    assert extension(signing, x509.AuthorityKeyIdentifier).key_identifier != \
        extension(ca, x509.SubjectKeyIdentifier).digest
    with pytest.raises(Exception):  # noqa: B017 - cryptography raises InvalidSignature or ValueError
        signing.verify_directly_issued_by(ca)


def test_pki_token_is_the_pem_body_with_dashes() -> None:
    pem = "-----BEGIN CMS-----\nMIIab/cd+ef\ngh/ij==\n-----END CMS-----\n"
    assert cms.cms_to_token(pem) == "MIIab-cd+efgh-ij=="


def test_token_hash_is_md5_for_pki_and_pkiz_only() -> None:
    for token_id in ("MIIabc", "PKIZ_eJz"):
        assert cms.token_hash(token_id) == hashlib.md5(token_id.encode(), usedforsecurity=False).hexdigest()
    assert cms.token_hash("0123456789abcdef0123456789abcdef") == "0123456789abcdef0123456789abcdef"


def test_signing_without_the_key_is_keystones_unexpected_error(tmp_path: Path) -> None:
    files = pki_setup(tmp_path, Pki())
    files.signing_key.unlink()
    with pytest.raises(InternalError, match=r"^An unexpected error prevented the server .* exit status"):
        cms.sign("{}", files)


def test_signing_files_are_made_at_start_only_for_pki_clouds(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[Path] = []

    def counted(folder: Path, faults: Pki) -> PkiFiles:
        made.append(folder)
        return pki_setup(folder, faults)

    monkeypatch.setattr(certificates, "pki_setup", counted)
    uuid_cloud = CloudState(load_scenario("newton-lxd"), "http://127.0.0.1:1", "pw")
    pki_cloud = CloudState(load_scenario("newton-lxd-pkiz"), "http://127.0.0.1:1", "pw")
    try:
        assert len(made) == 1 and made[0].stat().st_mode & 0o777 == 0o700
        assert uuid_cloud.certificates.ca_pem().startswith("-----BEGIN CERTIFICATE-----")  # made on first use
        assert len(made) == 2
    finally:
        uuid_cloud.close()
        pki_cloud.close()
    assert not any(folder.exists() for folder in made)


def test_pki_token_needs_its_document() -> None:
    cloud = CloudState(load_scenario("newton-lxd-pki"), "http://127.0.0.1:1", "pw")
    try:
        user = cloud.identity.directory.user_by_name("admin", "default")
        with pytest.raises(ValueError, match="needs `document`"):
            cloud.identity.tokens.issue(user.id, ["password"])
    finally:
        cloud.close()
