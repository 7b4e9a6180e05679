"""Keystone PKI and PKIZ tokens (Newton), checked offline as keystonemiddleware checks them.

A PKI token is the PEM output of `openssl cms -sign` over the token's JSON, with `/` turned into `-` and the armour
and newlines removed (it starts `MII`: base64 of DER `30 82`); a PKIZ token is `PKIZ_` + urlsafe base64 of that
PEM text, zlib-compressed. Verification runs the middleware's own command, `openssl cms -verify -certfile SIGNING
-CAfile CA -inform PEM -nosmimecap -nodetach -nocerts -noattr`, with the message on stdin and no shell, against the
certificates Keystone publishes, kept in a private directory. A failure is classified by what openssl said and
what the certificates hold (`lxdstack.certificates`), into the `PkiVerifyError` classes of `lxdstack.errors`.
No message ever carries a whole token: `tokens.fingerprint` names it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openstack import exceptions
from openstack.connection import Connection

from lxdstack.certificates import Certificates
from lxdstack.errors import CertificateFetchFailed, CorruptToken, NotAPkiToken, UnsafeSigningDirectory
from lxdstack.openssl import classify_failure
from lxdstack.steps import step
from lxdstack.tokens import fingerprint, token_format

PKIZ_PREFIX = "PKIZ_"
BEGIN_CMS, END_CMS = "-----BEGIN CMS-----", "-----END CMS-----"
_PKI_ALPHABET = re.compile(r"^[A-Za-z0-9+\-=]+$")   # base64 with `/` written as `-`

# keystonemiddleware's file names in its signing_dir.
SIGNING_CERT_FILE, CA_FILE = "signing_cert.pem", "cacert.pem"

CERTIFICATE_PATHS = {
    "v3": ("/v3/OS-SIMPLE-CERT/certificates", "/v3/OS-SIMPLE-CERT/ca"),
    "v2.0": ("/v2.0/certificates/signing", "/v2.0/certificates/ca"),
}
REVOCATION_PATHS = {"v3": "/v3/auth/tokens/OS-PKI/revoked", "v2.0": "/v2.0/tokens/revoked"}


def pki_to_cms(token: str) -> str:
    """The PEM CMS message of a PKI token: `-` back to `/`, 64-character lines between the CMS armour."""
    if token_format(token) != "pki":
        raise NotAPkiToken(f"{fingerprint(token)} is not a PKI token (PKI tokens start with MII)")
    if not _PKI_ALPHABET.match(token):
        bad = next(char for char in token if not _PKI_ALPHABET.match(char))
        raise CorruptToken(f"the PKI token {fingerprint(token)} is corrupt: it holds {bad!r}, which is not base64 "
                           "(with `-` for `/`); openssl cms -verify was not run")
    body = token.replace("-", "/")
    lines = [BEGIN_CMS, *(body[n:n + 64] for n in range(0, len(body), 64)), END_CMS]
    return "\n".join(lines) + "\n"


def pkiz_to_cms(token: str) -> str:
    """The PEM CMS message of a PKIZ token: strip `PKIZ_`, urlsafe-base64-decode, zlib-decompress."""
    if not token.startswith(PKIZ_PREFIX):
        raise NotAPkiToken(f"{fingerprint(token)} is not a PKIZ token (PKIZ tokens start with {PKIZ_PREFIX})")
    name = f"the PKIZ token {fingerprint(token)}"
    try:
        # Strict, unlike urlsafe_b64decode, which skips foreign characters and would blame zlib for them.
        compressed = base64.b64decode(token[len(PKIZ_PREFIX):].encode("ascii"), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError) as exc:
        raise CorruptToken(f"{name} is corrupt: its urlsafe base64 does not decode ({exc}); openssl cms -verify "
                           "was not run") from None
    try:
        text = zlib.decompress(compressed)
    except zlib.error as exc:
        raise CorruptToken(f"{name} is corrupt: its {len(compressed)} decoded bytes do not zlib-decompress "
                           f"({exc}); openssl cms -verify was not run") from None
    if not text.lstrip().startswith(BEGIN_CMS.encode()):
        raise CorruptToken(f"{name} is corrupt: it decompresses to {len(text)} bytes that are not a PEM CMS "
                           f"message ({BEGIN_CMS} missing); openssl cms -verify was not run")
    return text.decode("ascii", errors="replace")


def token_to_cms(token: str) -> str:
    """The PEM CMS message inside a PKI or PKIZ token (`NotAPkiToken` for uuid, fernet and the unknown)."""
    found = token_format(token)
    if found == "pkiz":
        return pkiz_to_cms(token)
    if found == "pki":
        return pki_to_cms(token)
    raise NotAPkiToken(f"{fingerprint(token)} is a {found} token, not PKI or PKIZ: it carries no signature to "
                       "verify offline")


def cms_hash_token(token: str) -> str:
    """The md5 hex digest of the whole token: how Keystone's revocation list and the middleware's cache name a
    PKI/PKIZ token."""
    return hashlib.md5(token.encode("utf-8"), usedforsecurity=False).hexdigest()


def private_directory(path: Path) -> Path:
    """`path` as a directory only this user can use (mode 0700, owned by the user), created if missing;
    `UnsafeSigningDirectory` for anything else: its certificates decide which tokens are trusted."""
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        path.mkdir(mode=0o700, parents=True)
        path.chmod(0o700)   # mkdir's mode is filtered by the umask
    info = path.lstat()
    problem = None
    if stat.S_ISLNK(info.st_mode):
        problem = "a symbolic link"
    elif not stat.S_ISDIR(info.st_mode):
        problem = "not a directory"
    elif info.st_uid != os.geteuid():
        problem = f"owned by uid {info.st_uid}, not by this user (uid {os.geteuid()})"
    elif stat.S_IMODE(info.st_mode) != 0o700:
        problem = f"mode {stat.S_IMODE(info.st_mode):04o}, not 0700"
    if problem:
        raise UnsafeSigningDirectory(f"signing directory {path} is {problem}: the signing certificate and CA must be "
                                     "kept in a directory private to this user (mode 0700, owned by it)")
    return path


class SigningDir:
    """keystonemiddleware's signing_dir: a private directory with `signing_cert.pem` and `cacert.pem`, filled
    (again) by `refresh` when openssl cannot read them."""

    def __init__(self, path: Path, refresh: Callable[[], Certificates] | None = None, timeout: float = 30.0):
        self.path = private_directory(path)
        self.refresh = refresh
        self.timeout = timeout
        self.source = f"the files in {self.path}"

    @property
    def signing_cert(self) -> Path:
        return self.path / SIGNING_CERT_FILE

    @property
    def ca(self) -> Path:
        return self.path / CA_FILE

    def store(self, certs: Certificates) -> None:
        """Write both certificates, each atomically (a verification running meanwhile sees old or new)."""
        for target, text in ((self.signing_cert, certs.signing_pem), (self.ca, certs.ca_pem)):
            with tempfile.NamedTemporaryFile("w", dir=self.path, delete=False, encoding="utf-8") as stream:
                stream.write(text)
            os.replace(stream.name, target)
        self.source = certs.source

    def certificates(self) -> Certificates:
        """The certificates as stored (ValueError/OSError when a file is missing or holds none)."""
        return Certificates(signing_pem=self.signing_cert.read_text(encoding="utf-8"),
                            ca_pem=self.ca.read_text(encoding="utf-8"), source=self.source)


def identity_root(conn: Connection) -> str:
    """The identity endpoint of the catalog without its version (`http://keystone:5000/v2.0` -> `…:5000`)."""
    url = conn.session.get_endpoint(service_type="identity", interface=conn.config.get_interface() or "public")
    return re.sub(r"/v(2\.0|3)$", "", url.rstrip("/"))


def _get(conn: Connection, path: str, authenticated: bool) -> Any:
    response = conn.session.get(identity_root(conn) + path, authenticated=authenticated, raise_exc=False)
    exceptions.raise_from_response(response)
    return response


def _pem(conn: Connection, path: str) -> str:
    response = _get(conn, path, authenticated=False)
    if "-----BEGIN CERTIFICATE-----" not in response.text:
        raise CertificateFetchFailed(f"GET {path} answered {response.status_code} "
                                     f"({response.headers.get('Content-Type', 'no content type')}) without a PEM "
                                     f"certificate: {response.text[:200]!r}")
    return response.text


@step("Fetch Keystone's signing certificate and CA ({api})")
def fetch_certificates(conn: Connection, api: str = "v3") -> Certificates:
    """The signing certificate and CA from the v3 (`/v3/OS-SIMPLE-CERT/…`) or v2.0 (`/v2.0/certificates/…`)
    endpoints, unauthenticated, as the middleware fetches them."""
    signing_path, ca_path = CERTIFICATE_PATHS[api]
    return Certificates(signing_pem=_pem(conn, signing_path), ca_pem=_pem(conn, ca_path),
                        source=f"GET {signing_path} and {ca_path}")


@step("Fetch the signed revocation list ({api})")
def fetch_revocation_list(conn: Connection, api: str = "v3") -> dict[str, Any]:
    """Keystone's revocation list as served (`{"signed": PEM}`), authenticated as the connection's user."""
    return _get(conn, REVOCATION_PATHS[api], authenticated=True).json()


def _openssl(pem: str, signing: SigningDir) -> subprocess.CompletedProcess:
    openssl = shutil.which("openssl")
    if openssl is None:
        raise FileNotFoundError("openssl is not installed (Debian: apt-get install openssl): PKI tokens cannot be "
                                "verified without it")
    command = [openssl, "cms", "-verify", "-certfile", str(signing.signing_cert), "-CAfile", str(signing.ca),
               "-inform", "PEM", "-nosmimecap", "-nodetach", "-nocerts", "-noattr"]
    return subprocess.run(command, input=pem.encode("ascii", errors="replace"), capture_output=True,
                          timeout=signing.timeout, check=False)


def _unreadable_input(stderr: str) -> bool:
    """openssl's exit 2 for a message it cannot parse (keystoneclient: "Error reading S/MIME message"; OpenSSL 3
    says "Error reading SMIME Content Info"), as opposed to a certificate file it cannot read."""
    lines = [line for line in stderr.splitlines() if line.strip() and not line.startswith("Warning:")]
    return bool(lines) and lines[0].startswith(("Error reading S/MIME message", "Error reading SMIME"))


@step("Verify {what} with openssl cms -verify")
def verify_cms(pem: str, signing: SigningDir, what: str) -> bytes:
    """The signed content of a PEM CMS message; a missing certificate file is fetched again (`signing.refresh`)
    and the verification retried once, as keystonemiddleware does. Failures raise a `PkiVerifyError` class."""
    result = _openssl(pem, signing)
    if result.returncode == 2 and not _unreadable_input(result.stderr.decode(errors="replace")) \
            and signing.refresh is not None:
        signing.store(signing.refresh())
        result = _openssl(pem, signing)
        retried = True
    else:
        retried = False
    if result.returncode == 0:
        return result.stdout
    raise classify_failure(result.returncode, result.stderr.decode(errors="replace"), what, signing, retried)


def _json_object(content: bytes, what: str) -> dict[str, Any]:
    try:
        data = json.loads(content)
    except ValueError as exc:
        raise CorruptToken(f"openssl cms -verify exited 0 verifying {what}, but the signed content is not JSON "
                           f"({exc})", exit_code=0) from None
    if not isinstance(data, dict):
        raise CorruptToken(f"openssl cms -verify exited 0 verifying {what}, but the signed content is a JSON "
                           f"{type(data).__name__}, not an object", exit_code=0)
    return data


def verify_token(token: str, signing: SigningDir) -> dict[str, Any]:
    """The token's signed payload (`{"token": …}` for v3, `{"access": …}` for v2.0), verified offline."""
    pem = token_to_cms(token)
    what = f"the {token_format(token).upper()} token {fingerprint(token)}"
    return _json_object(verify_cms(pem, signing, what), what)


def verify_revocation_list(document: Any, signing: SigningDir, source: str = "Keystone") -> list[dict[str, Any]]:
    """The entries (`{"id": token hash, "expires": …}`) of a signed revocation list (`{"signed": PEM}`)."""
    what = f"the revocation list from {source}"
    signed = document.get("signed") if isinstance(document, dict) else None
    if not isinstance(signed, str):
        shape = f"keys {sorted(document)}" if isinstance(document, dict) else type(document).__name__
        raise CorruptToken(f"{what} has no `signed` member ({shape}): keystonemiddleware refuses it as improperly "
                           "formatted; openssl cms -verify was not run")
    content = _json_object(verify_cms(signed if signed.endswith("\n") else signed + "\n", signing, what), what)
    revoked = content.get("revoked")
    if not isinstance(revoked, list):
        raise CorruptToken(f"openssl cms -verify exited 0 verifying {what}, but its content has no `revoked` list "
                           f"(keys {sorted(content)})", exit_code=0)
    return revoked
