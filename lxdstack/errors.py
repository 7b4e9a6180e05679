"""The suite's exception classes.

Each class names one way a run can go wrong, so that reports sort failures by cause: bad input is the
operator's to fix, a blocked preflight is the cloud's, a broken test is ours.
"""


class InputError(Exception):
    """A file or option the operator gave is wrong; the message is one line naming it and the problem."""


class NeedsShellError(InputError):
    """A novarc/openrc that only a shell can evaluate (command substitution, parameter expansion)."""


class PreflightFailed(Exception):
    """The cloud could not be reached or refused the target's credentials."""


class PreflightBlocked(Exception):
    """A test that did not run because the preflight check failed; the message names the cause."""


class CleanupFailed(Exception):
    """One or more cleanup steps failed; every failure is listed, none is swallowed."""

    def __init__(self, failures: list[tuple[str, BaseException]]):
        self.failures = failures
        lines = [f"{what}: {type(exc).__name__}: {exc}" for what, exc in failures]
        super().__init__(f"{len(failures)} cleanup step(s) failed: " + "; ".join(lines))


class CloudTimeout(Exception):
    """The cloud did not reach the awaited state before the deadline."""


class ResourceFailed(Exception):
    """A resource went to a failure state (ERROR); carries the cloud's own fault text."""

    def __init__(self, what: str, status: str, fault_message: str, fault: dict | None = None):
        self.status = status
        self.fault_message = fault_message
        self.fault = fault or {}
        super().__init__(f"{what} went to {status}: {fault_message or 'the cloud gave no fault'}")


class ResourceVanished(Exception):
    """A resource disappeared while the suite waited for it to reach a state."""


class KnownLimitation(Exception):
    """A failure the expectations predict, with the platform's exact signature (reported as xfail)."""


class PkiVerifyError(Exception):
    """A PKI/PKIZ token or signed revocation list did not verify; the message says how `openssl cms -verify`
    exited, what it objected to, and what the operator can do about it."""

    def __init__(self, message: str, exit_code: int | None = None):
        self.exit_code = exit_code
        super().__init__(message)


class CertificatePurposeError(PkiVerifyError):
    """The signing certificate (or its CA) may not sign S/MIME: its keyUsage or extendedKeyUsage forbids it."""


class CertificateExpired(PkiVerifyError):
    """The signing certificate or its CA is past its notAfter date."""


class CertificateNotYetValid(PkiVerifyError):
    """The signing certificate or its CA is before its notBefore date (a clock or a certificate in the future)."""


class UntrustedCertificate(PkiVerifyError):
    """The signing certificate does not chain to the CA certificate Keystone publishes."""


class SigningCertificateMismatch(PkiVerifyError):
    """The token names a signer that is not the signing certificate Keystone publishes."""


class CertificateFilesMissing(PkiVerifyError):
    """openssl could not read the signing certificate or CA file, even after fetching them again."""


class CorruptToken(PkiVerifyError):
    """A token (or signed document) that is not a well-formed CMS message, or whose signature does not match its
    content."""


class NotAPkiToken(ValueError):
    """A token given for offline verification that is not PKI or PKIZ (uuid and fernet tokens carry no
    signature)."""


class CertificateFetchFailed(Exception):
    """Keystone's certificate endpoint did not give a PEM certificate."""


class UnsafeSigningDirectory(Exception):
    """The directory for the signing certificates is not private to the user (mode 0700, owned by them)."""
