"""Keystone tokens, online: issue, validate, check, revoke, scope — as a service validating a user's token."""

from datetime import UTC, datetime

import allure
import pytest
from openstack import exceptions

from lxdstack.checks import expect_refusal
from lxdstack.tokens import (
    check_token,
    fake_token,
    fingerprint,
    issue_token,
    issue_unscoped_token,
    revoke_token,
    token_format,
    validate_token,
)

pytestmark = [allure.feature("Identity"), allure.story("Tokens")]


@allure.id("identity-token-format")
@pytest.mark.smoke
def test_issued_token_has_declared_format(admin_token, expectations):
    found = token_format(admin_token.id)
    assert found == expectations.token_format, (
        f"Keystone issued a {found} token {fingerprint(admin_token.id)}; "
        f"the expectations declare {expectations.token_format}")


@allure.id("identity-token-expiry")
def test_issued_token_expires_in_the_future(admin_token):
    now = datetime.now(UTC)
    assert admin_token.expires_at > now, f"token expired at {admin_token.expires_at:%FT%TZ}, now {now:%FT%TZ}"
    assert admin_token.issued_at <= admin_token.expires_at


@allure.id("identity-token-validate")
@pytest.mark.smoke
def test_validate_returns_the_tokens_user_and_project(admin_cloud, admin_token):
    body = validate_token(admin_cloud, admin_token.id)
    assert body["user"]["id"] == admin_token.user_id
    assert body.get("project", {}).get("id") == admin_token.project_id


@allure.id("identity-token-head")
def test_head_on_a_valid_token_answers_200(admin_cloud, admin_token):
    assert check_token(admin_cloud, admin_token.id) == 200


@allure.id("identity-token-unknown")
@pytest.mark.negative
def test_unknown_token_is_not_found(admin_cloud, expectations):
    token = fake_token(expectations.token_format)
    with expect_refusal(exceptions.NotFoundException, f"a token Keystone never issued validates: {fingerprint(token)}"):
        validate_token(admin_cloud, token)


@allure.id("identity-token-revoke")
@pytest.mark.negative
def test_revoked_token_is_not_found(admin_cloud, admin_token):
    revoke_token(admin_cloud, admin_token.id)
    with expect_refusal(exceptions.NotFoundException, "a token still validates after DELETE /v3/auth/tokens"):
        validate_token(admin_cloud, admin_token.id)


@allure.id("identity-token-unscoped")
def test_explicitly_unscoped_token_has_no_catalog(admin_cloud):
    token = issue_unscoped_token(admin_cloud)
    assert token.project_id is None, f"an unscoped token is scoped to project {token.project_id}"
    assert not token.has_catalog, "an unscoped token carries a service catalog"


@allure.id("identity-token-member-own")
def test_member_can_validate_its_own_token(member_cloud, member_spec):
    own = issue_token(member_spec)
    assert validate_token(member_cloud, own.id)["user"]["id"] == own.user_id


@allure.id("identity-token-member-other")
@pytest.mark.negative
def test_member_cannot_validate_an_admins_token(member_cloud, admin_token):
    with expect_refusal(exceptions.ForbiddenException, "a member may read an admin's token"):
        validate_token(member_cloud, admin_token.id)
