"""The exchange log keeps what a person triaging needs (method, URL, status, request id, time, bodies) and
nothing secret: token requests' bodies, token ids in paths and secret-holding JSON keys are never kept."""

import json
from datetime import UTC, datetime

import requests

from lxdstack.exchanges import BODY_LIMIT, ExchangeLog

STARTED = datetime(2026, 11, 28, 4, 5, 6, 789000, tzinfo=UTC)


def _response(status, body, content_type="application/json", request_id="req-1234"):
    response = requests.Response()
    response.status_code = status
    response._content = body.encode() if isinstance(body, str) else body
    response.headers.update({"content-type": content_type, "x-openstack-request-id": request_id})
    return response


def test_an_exchange_is_rendered_with_everything_a_person_needs():
    log = ExchangeLog()
    log.record("get", "http://127.0.0.1:5/compute/v2.1/servers/abc", STARTED, 0.0123,
               response=_response(404, '{"itemNotFound": {"code": 404}}'))
    assert log.render() == ('04:05:06.789 GET http://127.0.0.1:5/compute/v2.1/servers/abc -> 404 (0.012 s, request '
                            'id req-1234)\n  response: {"itemNotFound": {"code": 404}}')


def test_a_request_without_an_answer_names_the_error():
    log = ExchangeLog()
    log.record("GET", "compute:/os-hypervisors/detail", STARTED, 3.0, error=TimeoutError("read timed out"))
    assert "-> no answer: TimeoutError: read timed out (3.000 s, request id none)" in log.render()


def test_secrets_never_enter_the_log():
    log = ExchangeLog()
    password = {"auth": {"identity": {"password": {"user": {"name": "admin", "password": "hunter2"}}}}}
    log.record("POST", "http://h/identity/v3/auth/tokens", STARTED, 0.1, request_body=password,
               response=_response(201, '{"token": {"methods": ["password"]}}'))
    log.record("GET", "http://h/identity/v2.0/tokens/gAAAAsecret-token-id", STARTED, 0.1,
               response=_response(200, '{"access": {"token": {"id": "gAAAAsecret-token-id"}}}'))
    log.record("POST", "http://h/compute/v2.1/servers", STARTED, 0.1, request_body={"server": {"name": "s"}},
               response=_response(202, json.dumps({"server": {"id": "x", "adminPass": "Pa55word"}})))
    log.record("POST", "http://h/compute/v2.1/os-keypairs", STARTED, 0.1, request_body={"keypair": {"name": "k"}},
               response=_response(200, json.dumps({"keypair": {"private_key": "-----BEGIN RSA PRIVATE KEY-----"}})))
    text = log.render()
    for secret in ("hunter2", "gAAAAsecret-token-id", "Pa55word", "BEGIN RSA PRIVATE KEY"):
        assert secret not in text
    assert "/identity/v2.0/tokens/(redacted)" in text and '"adminPass": "(redacted)"' in text


def test_bodies_are_truncated_and_binary_bodies_summarised():
    log = ExchangeLog()
    log.record("PUT", "http://h/image/v2/images/i/file", STARTED, 0.1, request_body=b"\xff\xfe" * 10,
               response=_response(204, b""))
    log.record("GET", "http://h/x", STARTED, 0.1, response=_response(200, json.dumps({"a": "b" * 5000})))
    text = log.render()
    assert "(20 bytes of binary data)" in text
    assert f"({5000 + 9 - BODY_LIMIT} more characters)" in text


def test_only_the_last_exchanges_are_kept():
    log = ExchangeLog(kept=2)
    for number in range(5):
        log.record("GET", f"http://h/{number}", STARTED, 0.1, response=_response(200, "{}"))
    assert len(log) == 2 and "http://h/3" in log.render() and "http://h/0" not in log.render()
    log.clear()
    assert log.render() == "(no HTTP exchanges with the cloud during this test)"
