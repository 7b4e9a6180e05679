"""Neutron v2.0 security groups and security group rules (the `security-group` extension).

Listing groups makes the caller's project its `default` group first, as Newton's get_security_groups does; a
member sees its project's groups and rules, an admin every project's.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from lxdstack.cloud.core.http import no_content
from lxdstack.cloud.core.state import CloudState
from lxdstack.cloud.network import attributes, errors, security_groups, views
from lxdstack.cloud.network.common import body_of, listed, shown, who_of
from lxdstack.cloud.network.models import Rule, SecurityGroup
from lxdstack.cloud.network.store import Who


def _group(cloud: CloudState, who: Who, group_id: str) -> SecurityGroup:
    group = cloud.network.groups.get(group_id)
    if group is None or not cloud.network.owns(group, who):
        raise errors.security_group_not_found(group_id)
    return group


async def list_security_groups(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    wanted = request.query_params.get("tenant_id") or request.query_params.get("project_id") or who.project_id
    if wanted and (who.is_admin or wanted == who.project_id):
        security_groups.ensure_default(cloud.network, wanted)
    items = [views.security_group(g) for g in cloud.network.groups.values() if cloud.network.owns(g, who)]
    return listed(request, items, "security_groups")


async def get_security_group(request: Request, cloud: CloudState) -> Response:
    group = _group(cloud, who_of(request, cloud), request.path_params["group_id"])
    return shown(request, "security_group", views.security_group(group))


async def create_security_group(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    values = attributes.parse(await body_of(request), "security_group", attributes.SECURITY_GROUP, True,
                              who.project_id, who.is_admin)
    if values["name"].lower() == "default":
        raise errors.default_exists()
    group = security_groups.create_group(cloud.network, values["name"], values["project_id"], values["description"])
    return shown(request, "security_group", views.security_group(group), 201)


async def update_security_group(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    body = await body_of(request)
    group = _group(cloud, who, request.path_params["group_id"])
    values = attributes.parse(body, "security_group", attributes.SECURITY_GROUP, False, who.project_id, who.is_admin)
    if "name" in values and values["name"] != group.name:
        if group.is_default:
            raise errors.cannot_update_default()
        if values["name"].lower() == "default":
            raise errors.default_exists()
        group.name = values["name"]
    if "description" in values:
        group.description = values["description"]
    group.touch(cloud.clock.now())
    return shown(request, "security_group", views.security_group(group))


async def delete_security_group(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    security_groups.delete_group(cloud.network, _group(cloud, who, request.path_params["group_id"]), who.is_admin)
    return no_content()


# -- rules ----------------------------------------------------------------------------------------------------
def _rule(cloud: CloudState, who: Who, rule_id: str) -> tuple[SecurityGroup, Rule]:
    found = security_groups.find_rule(cloud.network, rule_id)
    if found is None or not cloud.network.owns(found[0], who):
        raise errors.rule_not_found(rule_id)
    return found


async def list_security_group_rules(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    items = [views.rule(r) for g in cloud.network.groups.values() if cloud.network.owns(g, who) for r in g.rules]
    return listed(request, items, "security_group_rules")


async def get_security_group_rule(request: Request, cloud: CloudState) -> Response:
    _, rule = _rule(cloud, who_of(request, cloud), request.path_params["rule_id"])
    return shown(request, "security_group_rule", views.rule(rule))


async def create_security_group_rule(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    values = attributes.parse(await body_of(request), "security_group_rule", attributes.RULE, True, who.project_id,
                              who.is_admin)
    if values["direction"] not in ("ingress", "egress"):
        raise errors.invalid_attribute("direction", f"'{values['direction']}' is not in ['ingress', 'egress']")
    ethertype = next((e for e in ("IPv4", "IPv6") if str(values["ethertype"]).lower() == e.lower()), None)
    if ethertype is None:
        raise errors.rule_ethertype(str(values["ethertype"]))
    group = _group(cloud, who, values["security_group_id"])
    rule = security_groups.create_rule(cloud.network, group, {**values, "ethertype": ethertype})
    return shown(request, "security_group_rule", views.rule(rule), 201)


async def delete_security_group_rule(request: Request, cloud: CloudState) -> Response:
    who = who_of(request, cloud)
    group, rule = _rule(cloud, who, request.path_params["rule_id"])
    security_groups.delete_rule(cloud.network, group, rule)
    return no_content()
