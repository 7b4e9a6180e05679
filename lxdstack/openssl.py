"""What a failed `openssl cms -verify` means, for an operator: its exit status and error lines, read together with
the certificates it was given, become one `PkiVerifyError` class and a message that says what to fix.

Exit statuses (openssl cms, EXIT CODES): 2 an input file could not be read (the message, or a certificate file),
3 the CMS structure could not be created or read, 4 verification failed — then OpenSSL's X509 error string
follows `Verify error:` ("unsuitable certificate purpose" in 3.x, "unsupported certificate purpose" before).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxdstack.certificates import (
    CHAIN_FIX,
    DATES_FIX,
    PURPOSE_FIX,
    SMIME_NEEDS,
    Certificates,
    chain_report,
    dates_report,
    describe,
    purpose_report,
)
from lxdstack.errors import (
    CertificateExpired,
    CertificateFilesMissing,
    CertificateNotYetValid,
    CertificatePurposeError,
    CorruptToken,
    PkiVerifyError,
    SigningCertificateMismatch,
    UntrustedCertificate,
)

if TYPE_CHECKING:
    from lxdstack.pki import SigningDir

# pid:error:code:library:function:reason:file:line:detail (OpenSSL 1.0 to 3.x)
_ERROR_LINE = re.compile(r"^[0-9A-Fa-f]+:error:[0-9A-Fa-f]+:[^:]*:[^:]*:([^:]*):[^:]*:\d+:(.*)$")
_PURPOSE = ("unsuitable certificate purpose", "unsupported certificate purpose")
_UNTRUSTED = ("unable to get local issuer certificate", "unable to get issuer certificate",
              "self signed certificate", "self-signed certificate", "certificate signature failure",
              "unable to verify the first certificate", "invalid ca certificate",
              "key usage does not include certificate signing")
_BAD_SIGNATURE = ("content verify error", "verification failure", "bad signature", "digest failure")


def openssl_said(stderr: str) -> list[str]:
    """openssl's complaints, one per line, without its boilerplate (warnings, process ids, source files)."""
    said: list[str] = []
    for line in stderr.splitlines():
        line = line.strip()
        if not line or line.startswith("Warning:"):
            continue
        match = _ERROR_LINE.match(line)
        if match:
            reason, detail = match.group(1).strip(), match.group(2).strip()
            line = f"{reason}: {detail}" if detail else reason
        if line not in said:
            said.append(line)
    return said


def _verify_error(said: list[str]) -> str:
    """The X509 error OpenSSL gives after `Verify error:`, lower-cased ('' when there is none)."""
    for line in said:
        found = re.search(r"Verify error: ?(.+)$", line)
        if found:
            return found.group(1).strip().lower()
    return ""


def _certificates(signing: SigningDir) -> tuple[Certificates | None, str]:
    try:
        return signing.certificates(), ""
    except (OSError, ValueError) as exc:
        return None, f"(the certificates in {signing.path} cannot be read to say more: {exc})"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def classify_failure(exit_code: int, stderr: str, what: str, signing: SigningDir,
                     retried: bool = False) -> PkiVerifyError:
    """The `PkiVerifyError` for a failed verification of `what` (a name safe to show, never a token)."""
    said = openssl_said(stderr)
    head = f"openssl cms -verify exited {exit_code} verifying {what}: {'; '.join(said) or '(nothing on stderr)'}"
    # The reasons, without the header every failure has ("CMS Verification failure", 1.0: "Verification failure").
    reasons = "\n".join(line for line in said if not line.endswith("erification failure")).lower()
    verify_error = _verify_error(said)
    if exit_code == 2 and said and said[0].startswith(("Error reading S/MIME message", "Error reading SMIME")):
        return CorruptToken(f"{head}. It is not a well-formed CMS message: it was truncated or altered on its way, "
                            "or is not a PKI token at all", exit_code)
    if exit_code == 2:
        again = " even after fetching the certificates again" if retried else ""
        return CertificateFilesMissing(f"{head}. openssl could not read {signing.signing_cert} or {signing.ca}"
                                       f"{again}; check that Keystone's certificate endpoints serve PEM "
                                       f"certificates ({signing.source})", exit_code)
    if exit_code == 3:
        return CorruptToken(f"{head}. openssl could not read the CMS structure: the message is corrupt", exit_code)
    certs, unreadable = _certificates(signing)
    if verify_error in _PURPOSE:
        facts = _sentence(purpose_report(certs)) if certs else unreadable
        return CertificatePurposeError(f"{head}. {facts}; {SMIME_NEEDS}; {PURPOSE_FIX}", exit_code)
    if verify_error == "certificate has expired":
        facts = _sentence(dates_report(certs)) if certs else unreadable
        return CertificateExpired(f"{head}. {facts}; {DATES_FIX}", exit_code)
    if verify_error == "certificate is not yet valid":
        facts = _sentence(dates_report(certs)) if certs else unreadable
        return CertificateNotYetValid(f"{head}. {facts}; check the clocks, or {DATES_FIX}", exit_code)
    if verify_error in _UNTRUSTED:
        facts = _sentence(chain_report(certs)) if certs else unreadable
        return UntrustedCertificate(f"{head}. {facts}; {CHAIN_FIX}", exit_code)
    if "signer certificate not found" in reasons:
        facts = f"the signing certificate Keystone publishes is {describe(certs.signing)}" if certs else unreadable
        return SigningCertificateMismatch(
            f"{head}. The signer named in the message is not the published signing certificate: {facts}; fix: "
            "make [signing] certfile the certificate of [signing] keyfile on every Keystone unit, then restart "
            "Keystone", exit_code)
    if any(marker in reasons for marker in _BAD_SIGNATURE):
        return CorruptToken(f"{head}. The signature does not match the signed content: the message was altered "
                            "after Keystone signed it, or signed with another key", exit_code)
    used = f"The certificates were {certs.source}" if certs else unreadable
    return PkiVerifyError(f"{head}. {used}", exit_code)
