"""CMS signing and the PKI/PKIZ token encodings, as python-keystoneclient's `common/cms.py` (Newton) did them.

Keystone signed with the openssl command itself, and so does the embedded cloud (no ASN.1 of its own): the
signature is then exactly what `openssl cms -verify` on a client or in keystonemiddleware expects.
"""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import zlib
from typing import Any

from lxdstack.cloud.core.errors import InternalError
from lxdstack.cloud.identity.certificates import PkiFiles

PKI_ASN1_PREFIX = "MII"
PKIZ_PREFIX = "PKIZ_"
_BEGIN, _END = "-----BEGIN CMS-----", "-----END CMS-----"
# Keystone's UnexpectedError, as a client sees it without insecure_debug.
_UNEXPECTED = "An unexpected error prevented the server from fulfilling your request."


def sign(text: str, files: PkiFiles) -> str:
    """`cms_sign_data`: the PEM CMS (`-----BEGIN CMS-----` ...) of `text`, signed with the signing key."""
    command = ["openssl", "cms", "-sign", "-signer", str(files.signing_cert), "-inkey", str(files.signing_key),
               "-outform", "PEM", "-nosmimecap", "-nodetach", "-nocerts", "-noattr", "-md", "sha256"]
    try:
        done = subprocess.run(command, input=text.encode(), capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise InternalError(f"{_UNEXPECTED} (openssl: {error})") from None
    # keystoneclient's test: a non-zero status, or "Error" on stderr.
    if done.returncode != 0 or b"Error" in done.stderr:
        last = (done.stderr.decode(errors="replace").strip().splitlines() or [""])[-1]
        raise InternalError(f"{_UNEXPECTED} (openssl cms -sign exit status {done.returncode}: {last})")
    return done.stdout.decode()


def dumps(document: dict[str, Any]) -> str:
    """The token JSON as Keystone's PKIEncoder wrote it: no spaces after separators."""
    return json.dumps(document, separators=(",", ":"))


def cms_to_token(pem: str) -> str:
    """A PKI token id: the PEM with `/` as `-`, without its delimiters and newlines (starts `MII`)."""
    return pem.replace("/", "-").replace(_BEGIN, "").replace(_END, "").replace("\n", "")


def pkiz_token(pem: str) -> str:
    """A PKIZ token id: `PKIZ_` and the URL-safe base64 of the zlib-compressed (level 6) PEM."""
    return PKIZ_PREFIX + base64.urlsafe_b64encode(zlib.compress(pem.encode(), 6)).decode()


def token_hash(token_id: str) -> str:
    """`cms_hash_token` (md5): the id Keystone stores and lists a PKI or PKIZ token by; other ids unchanged."""
    if token_id.startswith((PKI_ASN1_PREFIX, PKIZ_PREFIX)):
        return hashlib.md5(token_id.encode(), usedforsecurity=False).hexdigest()
    return token_id
