"""PKI and PKIZ tokens against the embedded cloud, whole acceptance runs compared test id by test id: the PKI
scenarios pass everything; each broken signing certificate fails exactly the PKI checks that should catch it, with
the named error and openssl's verdict; clouds declared uuid or fernet skip the PKI checks with the file's reason."""

import re

import pytest

from support.acceptance import run_acceptance
from support.outcomes import PKI_TESTS, healthy, pki_id, with_failures

VERIFY = pki_id("test_token_signature_verifies_and_agrees_with_online_validation")
REVOCATION = pki_id("test_revocation_list_verifies_and_lists_a_revoked_token")
CHAIN = pki_id("test_signing_certificate_is_issued_by_the_ca")
PURPOSE = pki_id("test_signing_certificate_may_sign_smime")
EXPIRY = pki_id("test_signing_certificate_outlives_the_warning_window")
# What openssl refuses fails the two tests that run it (a token, the revocation list) with its exit status, and the
# one check that reads the same defect from the certificates alone.
OPENSSL_TESTS = (VERIFY, REVOCATION)

# Fault scenario -> (the certificate check that fails, the named error, words every failure message must carry).
FAULTS = {
    "fault-pki-purpose-serverauth": (PURPOSE, "CertificatePurposeError",
                                     ["extendedKeyUsage serverAuth", "lacks emailProtection",
                                      "keystone-manage pki_setup"]),
    "fault-pki-purpose-keyencipherment": (PURPOSE, "CertificatePurposeError",
                                          ["keyUsage keyEncipherment", "neither digitalSignature nor nonRepudiation",
                                           "keystone-manage pki_setup"]),
    "fault-pki-expired": (EXPIRY, "CertificateExpired", ["expired on", "(notAfter)", "fix: issue a new signing"]),
    "fault-pki-foreign-ca": (CHAIN, "UntrustedCertificate",
                             ["names CN=www.example.com", "as its issuer", "the CA's key did not sign it"]),
}


@pytest.mark.parametrize("scenario, token_format", [("newton-lxd-pki", "pki"), ("newton-lxd-pkiz", "pkiz")])
def test_pki_scenario_passes_everything(scenario, token_format, tmp_path):
    run = run_acceptance(["--embedded-scenario", scenario], tmp_path)
    assert run.outcomes == healthy(token_format=token_format), run.output[-3000:]
    assert run.exit_code == 0
    skipped = {test_id: run.messages[test_id] for test_id in run.ids("skipped")}
    reason = r"Skipped: token format is pki in \S+/newton-lxd-pki\.yaml"
    assert all(re.fullmatch(reason, message) for message in skipped.values()), skipped


@pytest.mark.parametrize("scenario", sorted(FAULTS))
def test_broken_signing_certificate_fails_exactly_its_checks(scenario, tmp_path):
    check, error, words = FAULTS[scenario]
    run = run_acceptance(["--embedded-scenario", scenario], tmp_path)
    failing = [*OPENSSL_TESTS, check]
    assert run.outcomes == with_failures(failing, token_format="pki"), run.output[-3000:]
    assert run.exit_code == 1
    for test_id in failing:
        message = run.messages[test_id]
        assert message.startswith(f"lxdstack.errors.{error}: "), message
        verdict = "openssl cms -verify exited 4 verifying the " if test_id in OPENSSL_TESTS \
            else "openssl cms -verify would exit 4 on every token it signs"
        assert verdict in message, message
        for word in words:
            assert word in message, message
        assert "MII" not in message.replace("the PKI token MII", ""), "a message carries more than a fingerprint"


@pytest.mark.parametrize("scenario, token_format", [("newton-lxd", "uuid"), ("newton-lxd-fernet", "fernet")])
def test_pki_checks_are_skipped_where_another_format_is_declared(scenario, token_format, tmp_path):
    run = run_acceptance(["-m", "pki", "--embedded-scenario", scenario], tmp_path)
    assert run.outcomes == dict.fromkeys((pki_id(name) for name in PKI_TESTS), "skipped"), run.output[-3000:]
    reason = rf"Skipped: token format is {token_format} in \S+/{scenario}\.yaml"
    for test_id, message in run.messages.items():
        assert re.fullmatch(reason, message), (test_id, message)
