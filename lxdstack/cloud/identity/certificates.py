"""Keystone's signing certificates as Newton's `keystone-manage pki_setup` made them, one set per cloud start.

pki_setup (keystone/common/openssl.py) ran `openssl genrsa 2048`, `openssl req -x509 -extensions v3_ca` for the CA
and `openssl ca` (section `usr_cert`, policy `policy_anything`) for the signing certificate, both for 3650 days
with subject `/C=US/ST=Unset/L=Unset/O=Unset/CN=www.example.com`. What that gives, reproduced here with
`cryptography` (the same certificates, without five openssl runs):

- CA: self-signed, random serial, basicConstraints CA:TRUE, subjectKeyIdentifier, authorityKeyIdentifier (keyid);
- signing certificate: serial 01, basicConstraints CA:FALSE, subjectKeyIdentifier, authorityKeyIdentifier (keyid),
  no keyUsage and no extendedKeyUsage (`openssl ca` does not copy the request's `v3_req` extensions), and
  subject `C=US, ST=Unset, O=Unset, CN=www.example.com`: `policy_anything` does not name localityName, and
  `openssl ca` drops every field its policy does not name.

The scenario's `identity.pki` breaks the signing certificate the way an operator could: purposes that OpenSSL
refuses for S/MIME signing, an expired certificate, or one issued by another CA than the one Keystone serves.

The files live in a private folder (mode 0700) made on first use: every cloud serves certificates and signs its
revocation list (the Juju keystone charm always ran pki_setup), but only PKI and PKIZ clouds need them at start.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from lxdstack.cloud.scenario import Pki

KEY_SIZE = 2048
VALID_DAYS = 3650
CA_SUBJECT = x509.Name([
    x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
    x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, "Unset"),
    x509.NameAttribute(NameOID.LOCALITY_NAME, "Unset"),
    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Unset"),
    x509.NameAttribute(NameOID.COMMON_NAME, "www.example.com"),
])
SIGNING_SUBJECT = x509.Name([field for field in CA_SUBJECT if field.oid != NameOID.LOCALITY_NAME])

_EKU = {
    "serverAuth": ExtendedKeyUsageOID.SERVER_AUTH,
    "clientAuth": ExtendedKeyUsageOID.CLIENT_AUTH,
    "codeSigning": ExtendedKeyUsageOID.CODE_SIGNING,
    "emailProtection": ExtendedKeyUsageOID.EMAIL_PROTECTION,
    "timeStamping": ExtendedKeyUsageOID.TIME_STAMPING,
    "OCSPSigning": ExtendedKeyUsageOID.OCSP_SIGNING,
    "anyExtendedKeyUsage": ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE,
}
# keyUsage names as OpenSSL spells them -> cryptography's KeyUsage arguments
_KU = {
    "digitalSignature": "digital_signature",
    "nonRepudiation": "content_commitment",
    "keyEncipherment": "key_encipherment",
    "dataEncipherment": "data_encipherment",
    "keyAgreement": "key_agreement",
    "keyCertSign": "key_cert_sign",
    "cRLSign": "crl_sign",
}


@dataclass(frozen=True)
class PkiFiles:
    """Where Keystone's `[signing]` files are: `ca_certs`, `certfile` and `keyfile`."""

    ca: Path
    signing_cert: Path
    signing_key: Path


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)


def _ca(key: rsa.RSAPrivateKey, now: datetime) -> x509.Certificate:
    public = key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(CA_SUBJECT).issuer_name(CA_SUBJECT).public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now).not_valid_after(now + timedelta(days=VALID_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )


def _signing_cert(key: rsa.RSAPrivateKey, ca: x509.Certificate, ca_key: rsa.RSAPrivateKey, faults: Pki,
                  now: datetime) -> x509.Certificate:
    # An expired one was made ten years and a day ago; a healthy one now.
    start = now - timedelta(days=VALID_DAYS + 1) if faults.expired else now
    ca_ski = ca.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    builder = (
        x509.CertificateBuilder()
        .subject_name(SIGNING_SUBJECT).issuer_name(ca.subject).public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(start).not_valid_after(start + timedelta(days=VALID_DAYS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False)
    )
    if faults.key_usage:
        usages = {argument: False for argument in _KU.values()}
        usages.update({_KU[name]: True for name in faults.key_usage})
        builder = builder.add_extension(x509.KeyUsage(**usages, encipher_only=False, decipher_only=False),
                                        critical=False)
    if faults.extended_key_usage:
        builder = builder.add_extension(x509.ExtendedKeyUsage([_EKU[n] for n in faults.extended_key_usage]),
                                        critical=False)
    return builder.sign(ca_key, hashes.SHA256())


def pki_setup(folder: Path, faults: Pki) -> PkiFiles:
    """Write a CA and a signing certificate and key into `folder`, as pki_setup did (broken as `faults` says)."""
    now = datetime.now(UTC).replace(microsecond=0)
    ca_key, signing_key = _key(), _key()
    ca = _ca(ca_key, now)
    # A foreign CA: another keystone unit's pki_setup, same subject, other key.
    issuer_key = _key() if faults.foreign_ca else ca_key
    issuer = _ca(issuer_key, now) if faults.foreign_ca else ca
    signing = _signing_cert(signing_key, issuer, issuer_key, faults, now)
    files = PkiFiles(folder / "ca.pem", folder / "signing_cert.pem", folder / "signing_key.pem")
    files.ca.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    files.signing_cert.write_bytes(signing.public_bytes(serialization.Encoding.PEM))
    files.signing_key.touch(mode=0o600)
    files.signing_key.write_bytes(signing_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()))
    return files


class Certificates:
    """One cloud's signing files, made on first use in a private folder that `close` removes."""

    def __init__(self, faults: Pki) -> None:
        self._faults = faults
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._files: PkiFiles | None = None

    @property
    def files(self) -> PkiFiles:
        if self._files is None:
            self._folder = tempfile.TemporaryDirectory(prefix="lxdstack-pki-")
            self._files = pki_setup(Path(self._folder.name), self._faults)
        return self._files

    def ca_pem(self) -> str:
        return self.files.ca.read_text()

    def signing_pem(self) -> str:
        return self.files.signing_cert.read_text()

    def close(self) -> None:
        """Remove the folder and its files. Safe to call more than once."""
        if self._folder is not None:
            self._folder.cleanup()
        self._folder = self._files = None
