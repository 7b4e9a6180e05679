"""SSH keys made for a run: generated here, only the public half ever leaves the process."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


@dataclass(frozen=True)
class RunKey:
    public_key: str                    # OpenSSH format, as `ssh-keygen` writes id_rsa.pub
    private_pem: str = field(repr=False)

    @property
    def fingerprint(self) -> str:
        """Nova's fingerprint: MD5 of the key blob, colon-separated hex."""
        blob = base64.b64decode(self.public_key.split()[1])
        digest = hashlib.md5(blob).hexdigest()  # noqa: S324 - the format Nova reports, not a security use
        return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def new_key(comment: str) -> RunKey:
    """A fresh RSA key (RSA: Newton's Nova validates public keys it understands; ed25519 came later)."""
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = private.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return RunKey(public_key=f"{public.decode()} {comment}", private_pem=pem.decode())
