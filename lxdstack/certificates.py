"""Keystone's signing certificate and CA read with `cryptography`: what they are, and what OpenSSL will object to.

OpenSSL checks a CMS signer for the S/MIME signing purpose (`smime_sign`, crypto/x509/v3_purp.c): a signer's
extendedKeyUsage, if present, must contain emailProtection, and its keyUsage, if present, digitalSignature or
nonRepudiation; a CA in the chain must be CA:TRUE, have keyCertSign if it has a keyUsage, and emailProtection if
it has an extendedKeyUsage. `keystone-manage pki_setup` issues the signing certificate with neither extension,
which passes. These functions say, from the certificates alone, which of those rules a certificate breaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.x509.oid import ExtendedKeyUsageOID

from lxdstack.errors import CertificateExpired, CertificateNotYetValid, CertificatePurposeError, UntrustedCertificate

SMIME_NEEDS = ("S/MIME signing needs extendedKeyUsage, if present, to contain emailProtection, and keyUsage, if "
               "present, to contain digitalSignature or nonRepudiation")
PURPOSE_FIX = ("fix: re-run `keystone-manage pki_setup` (it issues the signing certificate without keyUsage or "
               "extendedKeyUsage), or issue the signing certificate ([signing] certfile) without those "
               "restrictions (or with extendedKeyUsage emailProtection and keyUsage digitalSignature), then restart "
               "Keystone")
DATES_FIX = ("fix: issue a new signing certificate and CA (`keystone-manage pki_setup` after moving the old files "
             "away, or your own CA), then restart Keystone; services fetch them again")
CHAIN_FIX = ("fix: make [signing] ca_certs the CA that issued [signing] certfile (re-running `keystone-manage "
             "pki_setup` issues both together), then restart Keystone")

# cryptography's KeyUsage attribute -> the name openssl and RFC 5280 give it.
_KEY_USAGES = {"digital_signature": "digitalSignature", "content_commitment": "nonRepudiation",
               "key_encipherment": "keyEncipherment", "data_encipherment": "dataEncipherment",
               "key_agreement": "keyAgreement", "key_cert_sign": "keyCertSign", "crl_sign": "cRLSign"}


@dataclass(frozen=True)
class Certificates:
    """The signing certificate and CA as Keystone publishes them (PEM text), and where they came from."""

    signing_pem: str
    ca_pem: str
    source: str   # e.g. "GET /v3/OS-SIMPLE-CERT/certificates and /ca"

    @property
    def signing(self) -> x509.Certificate:
        return read_certificates(self.signing_pem)[0]

    @property
    def cas(self) -> list[x509.Certificate]:
        return read_certificates(self.ca_pem)


def read_certificates(pem: str | bytes) -> list[x509.Certificate]:
    """Every certificate in a PEM text (ValueError when there is none)."""
    data = pem.encode() if isinstance(pem, str) else pem
    return x509.load_pem_x509_certificates(data)


def _extension(cert: x509.Certificate, kind: type) -> object | None:
    try:
        return cert.extensions.get_extension_for_class(kind).value
    except x509.ExtensionNotFound:
        return None


def key_usages(cert: x509.Certificate) -> list[str] | None:
    """The keyUsage bits set, by their OpenSSL names; None when the certificate has no keyUsage."""
    usage = _extension(cert, x509.KeyUsage)
    if usage is None:
        return None
    return [name for attr, name in _KEY_USAGES.items() if getattr(usage, attr)]


def extended_key_usages(cert: x509.Certificate) -> list[str] | None:
    """The extendedKeyUsage purposes, by their OpenSSL names; None when the certificate has none."""
    usage = _extension(cert, x509.ExtendedKeyUsage)
    if usage is None:
        return None
    return [oid._name if oid._name != "Unknown OID" else oid.dotted_string for oid in usage]


def describe_usages(cert: x509.Certificate) -> str:
    """`keyUsage keyEncipherment; extendedKeyUsage serverAuth`, or which of the two are absent."""
    ku, eku = key_usages(cert), extended_key_usages(cert)
    return "; ".join([f"keyUsage {', '.join(ku) or '(empty)'}" if ku is not None else "no keyUsage",
                      f"extendedKeyUsage {', '.join(eku) or '(empty)'}" if eku is not None else "no extendedKeyUsage"])


def describe(cert: x509.Certificate) -> str:
    """Subject, issuer, serial and validity of a certificate, for a message."""
    return (f"{cert.subject.rfc4514_string() or '(empty subject)'} (issuer {cert.issuer.rfc4514_string()}, "
            f"serial {cert.serial_number:x}, valid {cert.not_valid_before_utc:%Y-%m-%dT%H:%M:%SZ} to "
            f"{cert.not_valid_after_utc:%Y-%m-%dT%H:%M:%SZ})")


def signer_purpose_problems(cert: x509.Certificate) -> list[str]:
    """Why OpenSSL's smime_sign purpose check refuses this certificate as a signer (empty: it accepts it)."""
    problems = []
    eku = _extension(cert, x509.ExtendedKeyUsage)
    if eku is not None and ExtendedKeyUsageOID.EMAIL_PROTECTION not in eku:
        problems.append(f"its extendedKeyUsage ({', '.join(extended_key_usages(cert)) or 'empty'}) lacks "
                        "emailProtection")
    ku = _extension(cert, x509.KeyUsage)
    if ku is not None and not (ku.digital_signature or ku.content_commitment):
        problems.append(f"its keyUsage ({', '.join(key_usages(cert)) or 'empty'}) has neither digitalSignature "
                        "nor nonRepudiation")
    return problems


def ca_purpose_problems(cert: x509.Certificate) -> list[str]:
    """Why OpenSSL refuses this certificate as the CA of an S/MIME signer (empty: it accepts it)."""
    problems = []
    constraints = _extension(cert, x509.BasicConstraints)
    if constraints is not None and not constraints.ca:
        problems.append("its basicConstraints say CA:FALSE")
    ku = _extension(cert, x509.KeyUsage)
    if ku is not None and not ku.key_cert_sign:
        problems.append(f"its keyUsage ({', '.join(key_usages(cert)) or 'empty'}) lacks keyCertSign")
    eku = _extension(cert, x509.ExtendedKeyUsage)
    if eku is not None and ExtendedKeyUsageOID.EMAIL_PROTECTION not in eku:
        problems.append(f"its extendedKeyUsage ({', '.join(extended_key_usages(cert)) or 'empty'}) lacks "
                        "emailProtection")
    return problems


def purpose_report(certs: Certificates) -> str:
    """What the signing certificate and CA carry, and which purpose rule each breaks, in one sentence."""
    signing = certs.signing
    parts = [f"the signing certificate {signing.subject.rfc4514_string()} has {describe_usages(signing)}"]
    parts += [f"it fails because {problem}" for problem in signer_purpose_problems(signing)]
    for ca in certs.cas:
        parts += [f"the CA {ca.subject.rfc4514_string()} fails because {problem}" for problem in
                  ca_purpose_problems(ca)]
    return "; ".join(parts)


def check_purposes(certs: Certificates) -> None:
    """Raise `CertificatePurposeError` when OpenSSL's S/MIME signing check would refuse the signing chain."""
    problems = signer_purpose_problems(certs.signing) + [p for ca in certs.cas for p in ca_purpose_problems(ca)]
    if problems:
        raise CertificatePurposeError(f"{purpose_report(certs)} ({certs.source}); openssl cms -verify would exit 4 "
                                      f"on every token it signs: {SMIME_NEEDS}; {PURPOSE_FIX}")


def issuing_ca(certs: Certificates) -> x509.Certificate | None:
    """The CA certificate that issued the signing certificate (its name matches and its key verifies the
    signature), or None."""
    signing = certs.signing
    for ca in certs.cas:
        try:
            signing.verify_directly_issued_by(ca)
        except (ValueError, TypeError, InvalidSignature):
            continue
        return ca
    return None


def _key_id(cert: x509.Certificate, kind: type) -> str | None:
    value = _extension(cert, kind)
    key_id = getattr(value, "key_identifier", None) or getattr(value, "digest", None)
    return key_id.hex(":") if key_id else None


def chain_report(certs: Certificates) -> str:
    """Who issued the signing certificate, and what the published CA is (by name, and by key where the names
    agree: two `pki_setup` runs give CAs of the same subject and different keys)."""
    signing = certs.signing
    issuer = signing.issuer.rfc4514_string()
    subjects = ", ".join(ca.subject.rfc4514_string() for ca in certs.cas) or "(no certificate)"
    if not any(ca.subject == signing.issuer for ca in certs.cas):
        return (f"the signing certificate {signing.subject.rfc4514_string()} was issued by {issuer}, but the CA "
                f"Keystone publishes is {subjects}")
    wanted = _key_id(signing, x509.AuthorityKeyIdentifier)
    published = ", ".join(_key_id(ca, x509.SubjectKeyIdentifier) or "none" for ca in certs.cas)
    keys = f" (the signing certificate names authority key {wanted}; the CA's key is {published})" if wanted else ""
    return (f"the signing certificate {signing.subject.rfc4514_string()} names {issuer} as its issuer, and the CA "
            f"Keystone publishes has that name, but the CA's key did not sign it{keys}: another CA of the same "
            "name (another Keystone unit's pki_setup?) issued it")


def check_issued_by_ca(certs: Certificates) -> None:
    """Raise `UntrustedCertificate` unless a published CA issued the signing certificate."""
    if issuing_ca(certs) is None:
        raise UntrustedCertificate(f"{chain_report(certs)} ({certs.source}); openssl cms -verify would "
                                   f"exit 4 on every token it signs; {CHAIN_FIX}")


def dates_report(certs: Certificates, now: datetime | None = None) -> str:
    """The validity period of each certificate out of date at `now`, as `notBefore`/`notAfter` facts."""
    now = now or datetime.now(UTC)
    parts = []
    for role, cert in [("signing certificate", certs.signing)] + [("CA", ca) for ca in certs.cas]:
        name = cert.subject.rfc4514_string()
        if cert.not_valid_after_utc < now:
            parts.append(f"the {role} {name} expired on {cert.not_valid_after_utc:%Y-%m-%dT%H:%M:%SZ} (notAfter)")
        elif cert.not_valid_before_utc > now:
            parts.append(f"the {role} {name} is valid only from {cert.not_valid_before_utc:%Y-%m-%dT%H:%M:%SZ} "
                         "(notBefore): a certificate from the future, or a clock behind")
    return "; ".join(parts) or f"no certificate is out of date at {now:%Y-%m-%dT%H:%M:%SZ}"


def check_dates(certs: Certificates, now: datetime | None = None) -> float:
    """Days until the signing certificate expires; `CertificateExpired` (or `CertificateNotYetValid`) when it or
    its CA is out of date now."""
    now = now or datetime.now(UTC)
    chain = [certs.signing, *certs.cas]
    if any(cert.not_valid_after_utc < now for cert in chain):
        raise CertificateExpired(f"{dates_report(certs, now)} ({certs.source}); openssl cms -verify would exit 4 on "
                                 f"every token it signs; {DATES_FIX}")
    if any(cert.not_valid_before_utc > now for cert in chain):
        raise CertificateNotYetValid(f"{dates_report(certs, now)} ({certs.source}); openssl cms -verify would exit "
                                     f"4 on every token it signs; check the clocks, or {DATES_FIX}")
    return (certs.signing.not_valid_after_utc - now).total_seconds() / 86400
