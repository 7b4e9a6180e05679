"""Control routes under `/_lxdstack`: read the scenario and faults, switch HTTP-level faults, move the cloud's
clock, list issued tokens, find the LXD sockets (compute hosts and the platform's host).

They exist so that self-tests can prove things about the cloud without waiting (expire tokens by moving time
forward) and without trusting the suite (every token the cloud issued, to search the reports for). Only an admin
token may use them; they are loopback-only like the rest of the cloud.
"""

from __future__ import annotations

from dataclasses import asdict

from pydantic import TypeAdapter, ValidationError
from starlette.requests import Request
from starlette.responses import Response

from lxdstack.cloud import scenario
from lxdstack.cloud.core.auth import caller, require_admin
from lxdstack.cloud.core.errors import BadRequest
from lxdstack.cloud.core.http import json_body, json_response
from lxdstack.cloud.core.http_faults import HttpFault
from lxdstack.cloud.core.routing import Route
from lxdstack.cloud.core.state import CloudState

PREFIX = "_lxdstack"


async def get_scenario(request: Request, cloud: CloudState) -> Response:
    require_admin(caller(request, cloud), "lxdstack:get_scenario")
    return json_response({"name": cloud.scenario.name, "expects": cloud.scenario.expects,
                          "faults": asdict(cloud.faults), "now": cloud.clock.now().isoformat()})


async def advance_clock(request: Request, cloud: CloudState) -> Response:
    require_admin(caller(request, cloud), "lxdstack:advance_clock")
    seconds = (await json_body(request)).get("seconds")
    if not isinstance(seconds, (int, float)) or isinstance(seconds, bool) or seconds < 0:
        raise BadRequest("`seconds` must be a number of seconds >= 0: the cloud's clock only moves forward")
    cloud.clock.advance(seconds)
    return json_response({"now": cloud.clock.now().isoformat()})


async def set_http_faults(request: Request, cloud: CloudState) -> Response:
    """Replace the HTTP-level faults in force (a list of `faults.http` rules, as in a scenario; [] heals)."""
    require_admin(caller(request, cloud), "lxdstack:set_http_faults")
    body = await json_body(request)
    try:
        rules = TypeAdapter(list[scenario.HttpFault]).validate_python(body.get("http"))
    except ValidationError as error:
        raise BadRequest(f"`http` must be a list of HTTP fault rules: {error.errors()[0]['msg']}") from None
    cloud.faults.http = [HttpFault(**rule.model_dump()) for rule in rules]
    return json_response({"http": [asdict(fault) for fault in cloud.faults.http]})


async def list_tokens(request: Request, cloud: CloudState) -> Response:
    require_admin(caller(request, cloud), "lxdstack:list_tokens")
    tokens = [{"id": t.id, "user_id": t.user_id, "issued_at": t.issued_at.isoformat(),
               "expires_at": t.expires_at.isoformat(), "revoked": t.revoked}
              for t in cloud.identity.tokens.issued()]
    return json_response({"tokens": tokens})


async def list_hosts(request: Request, cloud: CloudState) -> Response:
    # Where each compute host's LXD API listens: a real deployment's suite would ssh to the host and use
    # /var/lib/lxd/unix.socket; against the embedded cloud it uses these sockets with pylxd the same way.
    require_admin(caller(request, cloud), "lxdstack:list_hosts")
    hosts = [{"name": host.name, "zone": host.zone, "lxd_socket": cloud.lxd_sockets.get(host.name)}
             for host in cloud.scenario.compute.hosts]
    # and the LXD of the machine Juju deployed on (its /var/lib/lxd/unix.socket on a real one)
    platform = cloud.scenario.platform.name
    return json_response({"hosts": hosts, "platform": {"name": platform,
                                                       "lxd_socket": cloud.lxd_sockets.get(platform)}})


ROUTES = [
    Route("GET", "/scenario", get_scenario),
    Route("POST", "/clock/advance", advance_clock),
    Route("PUT", "/faults/http", set_http_faults),
    Route("GET", "/tokens", list_tokens),
    Route("GET", "/hosts", list_hosts),
]
