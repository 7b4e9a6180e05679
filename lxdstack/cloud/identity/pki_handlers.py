"""Keystone's PKI routes: the certificates that verify signed tokens, and the signed list of revoked tokens.

Every cloud serves them whatever its token provider: the Juju keystone charm ran `keystone-manage pki_setup` and
set `[signing]` in every case, and Newton's `[token] revoke_by_id` is on (so never 410 Gone). With Fernet tokens
the revocation list is empty: Fernet tokens are not stored, and the list comes from the token store.
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import Response

from lxdstack.cloud.core.auth import caller, require_admin
from lxdstack.cloud.core.http import json_response
from lxdstack.cloud.core.state import CloudState
from lxdstack.cloud.identity import cms

# v2.0 returns the file's text from the controller, which webob sends with its default type.
_V2_TYPE = "text/html; charset=UTF-8"
# OS-SIMPLE-CERT builds its own webob Response with this type (and no charset).
_PEM_TYPE = "application/x-pem-file"


def _pem(text: str, content_type: str) -> Response:
    return Response(text, headers={"Content-Type": content_type})


async def v2_signing_cert(request: Request, cloud: CloudState) -> Response:
    return _pem(cloud.certificates.signing_pem(), _V2_TYPE)


async def v2_ca_cert(request: Request, cloud: CloudState) -> Response:
    return _pem(cloud.certificates.ca_pem(), _V2_TYPE)


async def v3_certificates(request: Request, cloud: CloudState) -> Response:
    return _pem(cloud.certificates.signing_pem(), _PEM_TYPE)


async def v3_ca(request: Request, cloud: CloudState) -> Response:
    return _pem(cloud.certificates.ca_pem(), _PEM_TYPE)


def _signed_revocations(cloud: CloudState) -> Response:
    revoked = {"revoked": cloud.identity.tokens.revocation_list()}
    # jsonutils.dumps with its default separators, signed with cms_sign_text: the PEM itself, delimiters included.
    return json_response({"signed": cms.sign(json.dumps(revoked), cloud.certificates.files)})


async def v2_revocation_list(request: Request, cloud: CloudState) -> Response:
    require_admin(caller(request, cloud), "identity:revocation_list")
    return _signed_revocations(cloud)


async def v3_revocation_list(request: Request, cloud: CloudState) -> Response:
    require_admin(caller(request, cloud), "identity:revocation_list")
    if "audit_id_only" in request.query_params:
        # No token ids, so Keystone does not sign it.
        entries = [{k: v for k, v in entry.items() if k != "id"} for entry in cloud.identity.tokens.revocation_list()]
        return json_response({"revoked": entries})
    return _signed_revocations(cloud)
