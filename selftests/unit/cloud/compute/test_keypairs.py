"""Keypairs: import, generate, list, show, delete, per user, with Nova's status codes per microversion."""

from __future__ import annotations

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519


def public_key() -> str:
    key = ed25519.Ed25519PrivateKey.generate().public_key()
    return key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode() + " me@x"


def md5_fingerprint(key: str) -> str:
    digest = hashlib.md5(base64.b64decode(key.split()[1]), usedforsecurity=False).hexdigest()
    return ":".join(digest[i:i + 2] for i in range(0, 32, 2))


@pytest.mark.parametrize(("version", "created", "deleted"), [("2.1", 200, 202), ("2.2", 201, 204)])
def test_import_and_delete_with_the_status_codes_of_the_microversion(nova, version: str, created: int,
                                                                     deleted: int) -> None:
    n = nova()
    key = public_key()
    response = n.call("POST", "/os-keypairs", version=version, json={"keypair": {"name": "mykey", "public_key": key}})
    assert response.status_code == created, response.text
    keypair = response.json()["keypair"]
    expected = {"name": "mykey", "public_key": key, "fingerprint": md5_fingerprint(key),
                "user_id": n.api.user_id(n.admin, "admin")}
    assert keypair == (expected if version == "2.1" else {**expected, "type": "ssh"})
    assert n.call("DELETE", "/os-keypairs/mykey", version=version).status_code == deleted
    missing = n.get("/os-keypairs/mykey")
    assert missing.status_code == 404
    assert missing.json()["itemNotFound"]["message"] == f"Keypair mykey not found for user {expected['user_id']}"


def test_generated_keypair_returns_its_private_key_once(nova) -> None:
    n = nova()
    keypair = n.ok("POST", "/os-keypairs", 201, version="2.2", json={"keypair": {"name": "gen"}})["keypair"]
    try:
        assert keypair["private_key"].startswith("-----BEGIN RSA PRIVATE KEY-----")
        assert keypair["public_key"].startswith("ssh-rsa ") and keypair["public_key"].endswith(" Generated-by-Nova")
        assert keypair["fingerprint"] == md5_fingerprint(keypair["public_key"])
        private = serialization.load_pem_private_key(keypair["private_key"].encode(), password=None)
        assert private.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)\
            .decode() == " ".join(keypair["public_key"].split()[:2])
        shown = n.ok("GET", "/os-keypairs/gen", version="2.2")["keypair"]
        assert "private_key" not in shown
        assert set(shown) == {"name", "public_key", "fingerprint", "type", "id", "user_id", "created_at",
                              "updated_at", "deleted", "deleted_at"}
        listed = n.ok("GET", "/os-keypairs", version="2.2")
        assert listed == {"keypairs": [{"keypair": {k: shown[k] for k in ("name", "public_key", "fingerprint",
                                                                           "type")}}]}
    finally:
        n.call("DELETE", "/os-keypairs/gen")


def test_keypairs_belong_to_their_user(nova) -> None:
    n = nova()
    n.ok("POST", "/os-keypairs", json={"keypair": {"name": "mine", "public_key": public_key()}})
    try:
        assert n.ok("GET", "/os-keypairs", token=n.member) == {"keypairs": []}
        assert n.get("/os-keypairs/mine", n.member).status_code == 404
        # another user may use the same name
        n.ok("POST", "/os-keypairs", token=n.member, json={"keypair": {"name": "mine", "public_key": public_key()}})
        n.call("DELETE", "/os-keypairs/mine", n.member)
    finally:
        n.call("DELETE", "/os-keypairs/mine")


def test_duplicate_and_invalid_keys_are_refused(nova) -> None:
    n = nova()
    n.ok("POST", "/os-keypairs", json={"keypair": {"name": "dup", "public_key": public_key()}})
    try:
        again = n.call("POST", "/os-keypairs", json={"keypair": {"name": "dup", "public_key": public_key()}})
        assert again.status_code == 409
        assert again.json() == {"conflictingRequest": {"code": 409, "message": "Key pair 'dup' already exists."}}
        bad = n.call("POST", "/os-keypairs", json={"keypair": {"name": "bad", "public_key": "ssh-rsa nonsense"}})
        assert bad.status_code == 400
        assert bad.json()["badRequest"]["message"] == "Keypair data is invalid: failed to generate fingerprint"
        unsafe = n.call("POST", "/os-keypairs", json={"keypair": {"name": "a/b"}})
        assert unsafe.json()["badRequest"]["message"] == "Keypair data is invalid: Keypair name contains unsafe " \
                                                         "characters"
        typed = n.call("POST", "/os-keypairs", version="2.1", json={"keypair": {"name": "t", "type": "ssh"}})
        assert "'type' was unexpected" in typed.json()["badRequest"]["message"]
    finally:
        n.call("DELETE", "/os-keypairs/dup")
