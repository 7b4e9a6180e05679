"""Keystone PKI/PKIZ tokens, offline: each token is a CMS message signed by Keystone's signing certificate, which
services verify with `openssl cms -verify` against the certificate and CA Keystone publishes, as keystonemiddleware
does. Skipped where the expectations declare another token format; a cloud declared PKI that is not fails."""

import allure
import pytest

from lxdstack.certificates import (
    DATES_FIX,
    check_dates,
    check_issued_by_ca,
    check_purposes,
    describe,
    read_certificates,
)
from lxdstack.pki import (
    BEGIN_CMS,
    REVOCATION_PATHS,
    cms_hash_token,
    fetch_certificates,
    fetch_revocation_list,
    token_to_cms,
    verify_revocation_list,
    verify_token,
)
from lxdstack.tokens import fingerprint, revoke_token, token_facts, token_format, validate_token

pytestmark = [pytest.mark.pki, allure.feature("Identity"), allure.story("PKI tokens")]


@allure.id("identity-pki-format")
@pytest.mark.smoke
def test_issued_token_has_the_declared_pki_format(pki_format, admin_token, run):
    found = token_format(admin_token.id)
    assert found == pki_format, (f"Keystone issued a {found} token {fingerprint(admin_token.id)}; "
                                 f"{run.target.expectations_path} declares {pki_format}")


@allure.id("identity-pki-certificates-agree")
def test_v2_and_v3_certificate_endpoints_agree(admin_cloud, pki_format):
    v3, v2 = fetch_certificates(admin_cloud, "v3"), fetch_certificates(admin_cloud, "v2.0")
    for role, ours, theirs in (("signing certificate", v3.signing_pem, v2.signing_pem), ("CA", v3.ca_pem, v2.ca_pem)):
        ours_certs, theirs_certs = read_certificates(ours), read_certificates(theirs)
        assert ours_certs == theirs_certs, (
            f"the {role} differs: {v3.source} gives {[describe(c) for c in ours_certs]}, "
            f"{v2.source} gives {[describe(c) for c in theirs_certs]}")


@allure.id("identity-pki-verify")
@pytest.mark.smoke
def test_token_signature_verifies_and_agrees_with_online_validation(admin_cloud, admin_token, signing_dir):
    signed = token_facts(verify_token(admin_token.id, signing_dir))
    online = token_facts(validate_token(admin_cloud, admin_token.id))
    assert signed.user_id == admin_token.user_id, (
        f"the token {fingerprint(admin_token.id)} was issued to user {admin_token.user_id}, "
        f"but its signed payload names {signed.user_id}")
    differences = signed.differences(online)
    assert not differences, (f"the signed payload of {fingerprint(admin_token.id)} disagrees with online "
                             f"validation (signed vs online): {'; '.join(differences)}")


@allure.id("identity-pki-chain")
def test_signing_certificate_is_issued_by_the_ca(pki_certificates):
    check_issued_by_ca(pki_certificates)


@allure.id("identity-pki-purpose")
def test_signing_certificate_may_sign_smime(pki_certificates):
    """OpenSSL verifies a CMS signer for S/MIME signing: keyUsage and extendedKeyUsage must allow it."""
    check_purposes(pki_certificates)


@allure.id("identity-pki-expiry")
def test_signing_certificate_outlives_the_warning_window(pki_certificates, expectations, run):
    days_left = check_dates(pki_certificates)
    window = expectations.pki.certificate_warning_days
    signing = pki_certificates.signing
    assert days_left >= window, (
        f"the signing certificate {signing.subject.rfc4514_string()} expires on "
        f"{signing.not_valid_after_utc:%Y-%m-%dT%H:%M:%SZ}, in {days_left:.1f} days, within the {window}-day "
        f"warning window (pki.certificate_warning_days in {run.target.expectations_path}); {DATES_FIX}")


@allure.id("identity-pki-revocation-list")
@pytest.mark.negative
def test_revocation_list_verifies_and_lists_a_revoked_token(admin_cloud, admin_token, signing_dir):
    revoke_token(admin_cloud, admin_token.id)
    source = f"GET {REVOCATION_PATHS['v3']}"
    entries = verify_revocation_list(fetch_revocation_list(admin_cloud, "v3"), signing_dir, source)
    digest = cms_hash_token(admin_token.id)
    assert digest in {entry.get("id") for entry in entries}, (
        f"the token {fingerprint(admin_token.id)} (md5 {digest}) was revoked, but none of the {len(entries)} "
        f"entries of the verified revocation list ({source}) names it")


@allure.id("identity-pkiz-verify")
def test_pkiz_token_decompresses_and_verifies(pkiz_format, admin_token, signing_dir):
    pem = token_to_cms(admin_token.id)
    assert pem.startswith(BEGIN_CMS), f"{fingerprint(admin_token.id)} decompresses to no PEM CMS message"
    signed = token_facts(verify_token(admin_token.id, signing_dir))
    assert signed.user_id == admin_token.user_id, (
        f"the PKIZ token {fingerprint(admin_token.id)} was issued to user {admin_token.user_id}, but its signed "
        f"payload names {signed.user_id}")
