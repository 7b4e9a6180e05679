"""Nova's keypairs: per user, imported or generated, with Nova's fingerprint. No HTTP here.

Nova Newton (nova/crypto.py) checks an imported key by loading it with `cryptography`, then fingerprints it as the
MD5 of the base64-decoded key blob in colon-separated hex; a generated key is 2048-bit RSA whose private half is
returned once (PEM, traditional OpenSSL format) and whose public half ends with the comment `Generated-by-Nova`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import string
from dataclasses import dataclass
from datetime import datetime

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from lxdstack.cloud.compute import errors

_SAFE = set("_- " + string.digits + string.ascii_letters)  # compute/api.py _validate_new_key_pair


def fingerprint(public_key: str) -> str:
    """Nova's fingerprint of an OpenSSH public key; `Keypair data is invalid` for anything else."""
    try:
        serialization.load_ssh_public_key(public_key.encode("utf-8"))
        blob = base64.b64decode(public_key.split(" ")[1])
    except (ValueError, IndexError, UnicodeError, binascii.Error, TypeError):
        raise errors.keypair_invalid("failed to generate fingerprint") from None
    digest = hashlib.md5(blob, usedforsecurity=False).hexdigest()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def generate() -> tuple[str, str]:
    """A new (private PEM, public OpenSSH) RSA pair, as Nova's generate_key_pair makes them."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    return private, f"{public.decode()} Generated-by-Nova"


@dataclass
class Keypair:
    id: int
    name: str
    user_id: str
    public_key: str
    fingerprint: str
    created_at: datetime
    type: str = "ssh"


class Keypairs:
    """Every user's keypairs, by (user id, name)."""

    def __init__(self) -> None:
        self.by_user: dict[tuple[str, str], Keypair] = {}
        self._next_id = 1

    def of(self, user_id: str) -> list[Keypair]:
        return sorted((k for (u, _), k in self.by_user.items() if u == user_id), key=lambda k: k.name)

    def get(self, user_id: str, name: str) -> Keypair:
        keypair = self.by_user.get((user_id, name))
        if keypair is None:
            raise errors.keypair_not_found(name, user_id)
        return keypair

    def find(self, user_id: str, name: str) -> Keypair | None:
        return self.by_user.get((user_id, name))

    def create(self, user_id: str, name: str, public_key: str | None, now: datetime,
               key_type: str = "ssh") -> tuple[Keypair, str | None]:
        """Import `public_key`, or generate a pair when it is None; returns the keypair and the private key."""
        if not 0 < len(name) < 256:
            raise errors.keypair_invalid("Keypair name must be string and between 1 and 255 characters long")
        if not set(name) <= _SAFE:
            raise errors.keypair_invalid("Keypair name contains unsafe characters")
        # Nova fingerprints an imported key before it meets the unique constraint: bad data is a 400 first.
        if public_key is not None:
            fingerprint(public_key)
        if (user_id, name) in self.by_user:
            raise errors.keypair_exists(name)
        private = None
        if public_key is None:
            private, public_key = generate()
        keypair = Keypair(self._next_id, name, user_id, public_key, fingerprint(public_key), now, key_type)
        self._next_id += 1
        self.by_user[(user_id, name)] = keypair
        return keypair, private

    def delete(self, user_id: str, name: str) -> None:
        self.get(user_id, name)
        del self.by_user[(user_id, name)]
