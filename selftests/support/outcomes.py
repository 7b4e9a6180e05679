"""The table of expected outcomes: every acceptance test id, and what it must give in each scenario.

Not counts: a test that vanished, was renamed or changed its verdict shows up as a difference in this table.
"""

SERVICES = ("identity", "compute", "image", "network", "volumev3", "volumev2")
INTERFACES = ("public", "internal", "admin")
CATALOG = "tests/identity/test_catalog.py"
TOKENS = "tests/identity/test_tokens.py"
TOKEN_TESTS = (
    "test_issued_token_has_declared_format",
    "test_issued_token_expires_in_the_future",
    "test_validate_returns_the_tokens_user_and_project",
    "test_head_on_a_valid_token_answers_200",
    "test_unknown_token_is_not_found",
    "test_revoked_token_is_not_found",
    "test_explicitly_unscoped_token_has_no_catalog",
    "test_member_can_validate_its_own_token",
    "test_member_cannot_validate_an_admins_token",
)


def catalog_id(service: str) -> str:
    return f"{CATALOG}::test_service_is_in_catalog_with_every_interface[{service}]"


def discovery_id(service: str, interface: str) -> str:
    return f"{CATALOG}::test_endpoint_answers_its_own_discovery[{service}-{interface}]"


def token_id(name: str) -> str:
    return f"{TOKENS}::{name}"


def identity_ids(services=SERVICES) -> list[str]:
    ids = [catalog_id(s) for s in services]
    ids += [discovery_id(s, i) for s in services for i in INTERFACES]
    ids += [token_id(name) for name in TOKEN_TESTS]
    return ids


def healthy(services=SERVICES) -> dict[str, str]:
    """newton-lxd and every healthy scenario: everything passes."""
    return dict.fromkeys(identity_ids(services), "passed")


def with_failures(failed: list[str]) -> dict[str, str]:
    table = healthy()
    unknown = [test_id for test_id in failed if test_id not in table]
    assert not unknown, f"not acceptance test ids: {unknown}"
    table.update(dict.fromkeys(failed, "failed"))
    return table


# Fault scenario -> (test ids that must fail, text each failure message must contain).
FAULTS = {
    "fault-catalog-missing-volumev3": (
        [catalog_id("volumev3")] + [discovery_id("volumev3", i) for i in INTERFACES],
        "volumev3",
    ),
    "fault-discovery-crossed": (
        [discovery_id("network", i) for i in INTERFACES],
        "links lead away from",
    ),
    "fault-discovery-none": (
        [discovery_id("image", i) for i in INTERFACES],
        "no version discovery document",
    ),
    "fault-tokens-not-revoked": (
        [token_id("test_revoked_token_is_not_found")],
        "still validates after DELETE",
    ),
}
