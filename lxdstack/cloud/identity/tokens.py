"""Tokens: issuing them in the scenario's format, and telling valid, expired, revoked and unknown ones apart.

The store keeps every token it issued, revoked or not, so that a revoked or expired token is answered as Keystone
answers it ("Failed to validate token") rather than as an unknown one, and so that the cloud can later list every
token it handed out.

A PKI or PKIZ token's id is its own document (the v3 `{"token": ...}` or v2.0 `{"access": ...}` body), CMS-signed:
the store asks the caller for that document when it issues one.
"""

from __future__ import annotations

import base64
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from lxdstack.cloud.core.clock import Clock
from lxdstack.cloud.identity import cms, errors
from lxdstack.cloud.identity.certificates import Certificates


@dataclass
class Token:
    id: str
    user_id: str
    methods: list[str]
    issued_at: datetime
    expires_at: datetime
    audit_ids: list[str]
    project_id: str | None = None
    domain_id: str | None = None
    revoked: bool = False

    @property
    def scoped(self) -> bool:
        return self.project_id is not None or self.domain_id is not None


def audit_id() -> str:
    """Keystone's audit id: a uuid4 as unpadded urlsafe base64 (22 characters)."""
    return base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")


def _uuid_token() -> str:
    return uuid.uuid4().hex


def _fernet_token() -> str:
    # Real Fernet tokens are base64 of 0x80, a timestamp, an IV, ciphertext and an HMAC: opaque to clients, about
    # 180 characters, starting `gAAAAAB`, padding stripped by Keystone. Random bytes give the same look.
    return "gAAAAAB" + base64.urlsafe_b64encode(os.urandom(129)).decode().rstrip("=")


_RANDOM: dict[str, Callable[[], str]] = {"uuid": _uuid_token, "fernet": _fernet_token}
_SIGNED: dict[str, Callable[[str], str]] = {"pki": cms.cms_to_token, "pkiz": cms.pkiz_token}

# What a PKI token's id is made from: the token (all but its id) rendered as the API that issues it renders it.
Document = Callable[[Token], dict]


class TokenStore:
    """Every token the cloud issued, in the format of its token provider (`uuid`, `fernet`, `pki`, `pkiz`)."""

    def __init__(self, provider: str, ttl_seconds: int, clock: Clock, certificates: Certificates) -> None:
        self.provider = provider
        self._ttl = timedelta(seconds=ttl_seconds)
        self._clock = clock
        self._certificates = certificates
        self._tokens: dict[str, Token] = {}

    @property
    def persistent(self) -> bool:
        """Keystone's `needs_persistence`: every provider but Fernet stores its tokens (and lists revoked ones)."""
        return self.provider != "fernet"

    def issue(
        self,
        user_id: str,
        methods: list[str],
        *,
        project_id: str | None = None,
        domain_id: str | None = None,
        parent: Token | None = None,
        document: Document | None = None,
    ) -> Token:
        """A new token; one obtained with another token (`parent`) keeps its expiry and audit chain.

        `document` renders the token for signing; PKI and PKIZ tokens need it, the others ignore it.
        """
        now = self._clock.now()
        if parent is None:
            # Keystone's default_expire_time drops the microseconds.
            expires_at, audit_ids = (now + self._ttl).replace(microsecond=0), [audit_id()]
        else:
            expires_at, audit_ids = parent.expires_at, [audit_id(), parent.audit_ids[-1]]
        token = Token("", user_id, methods, now, expires_at, audit_ids, project_id, domain_id)
        token.id = self._new_id(token, document)
        self._tokens[token.id] = token
        return token

    def _new_id(self, token: Token, document: Document | None) -> str:
        if self.provider in _RANDOM:
            return _RANDOM[self.provider]()
        if document is None:
            raise ValueError(f"a {self.provider} token's id is its signed document: issue() needs `document`")
        return _SIGNED[self.provider](cms.sign(cms.dumps(document(token)), self._certificates.files))

    def validate(self, token_id: str) -> Token:
        """The token if it is valid now; else Keystone's 404 for an unknown, expired or revoked token."""
        token = self._tokens.get(token_id)
        if token is None:
            if self.provider == "fernet":
                raise errors.fernet_not_recognized(token_id)
            raise errors.token_not_found(token_id)
        if token.revoked or self._clock.now() >= token.expires_at:
            raise errors.token_invalid()
        return token

    def revoke(self, token_id: str) -> None:
        self.validate(token_id).revoked = True

    def revoke_where(self, predicate: Callable[[Token], bool]) -> None:
        """Revoke every token `predicate` picks (a deleted user's, a deleted project's, ...)."""
        for token in self._tokens.values():
            if predicate(token):
                token.revoked = True

    def issued(self) -> list[Token]:
        """Every token issued so far, oldest first."""
        return list(self._tokens.values())

    def revocation_list(self) -> list[dict[str, str]]:
        """Newton's `list_revoked_tokens` (sql persistence): the stored tokens revoked and not yet expired, by the
        id Keystone stored them under (md5 of a PKI or PKIZ token, a UUID token's own id); Fernet stores none."""
        if not self.persistent:
            return []
        now = self._clock.now()
        return [{"id": cms.token_hash(t.id), "expires": t.expires_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                 "audit_id": t.audit_ids[0]}
                for t in self._tokens.values() if t.revoked and t.expires_at > now]
