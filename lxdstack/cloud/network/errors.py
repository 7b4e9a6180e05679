"""Neutron Newton's wording of its errors, with the exception class it names as the envelope's `type`.

Texts from neutron-lib 1.0.0 `neutron_lib/exceptions.py` (the release Newton's neutron 9.x used) and neutron
@ newton-eol: `neutron/ipam/exceptions.py`, `neutron/extensions/{l3,securitygroup,agent}.py`,
`neutron/api/v2/base.py` (webob errors: unknown attributes, bodies), `neutron/api/v2/attributes.py`. Neutron
renders `{"NeutronError": {"type": <class name>, "message": <text>, "detail": ""}}` (api_common.py
get_exception_data); the status is the base class's (base.py FAULT_MAP: NotFound 404, Conflict and InUse 409,
BadRequest 400, policy 403).
"""

from __future__ import annotations

from lxdstack.cloud.core.errors import BadRequest, CloudError, Conflict, Forbidden, NotFound


def _named(error: CloudError, kind: str) -> CloudError:
    error.kind = kind
    return error


# -- lookups --------------------------------------------------------------------------------------------------
def network_not_found(net_id: str) -> CloudError:
    return _named(NotFound(f"Network {net_id} could not be found."), "NetworkNotFound")


def subnet_not_found(subnet_id: str) -> CloudError:
    return _named(NotFound(f"Subnet {subnet_id} could not be found."), "SubnetNotFound")


def port_not_found(port_id: str) -> CloudError:
    return _named(NotFound(f"Port {port_id} could not be found."), "PortNotFound")


def router_not_found(router_id: str) -> CloudError:
    return _named(NotFound(f"Router {router_id} could not be found"), "RouterNotFound")


def security_group_not_found(group_id: str) -> CloudError:
    return _named(NotFound(f"Security group {group_id} does not exist"), "SecurityGroupNotFound")


def rule_not_found(rule_id: str) -> CloudError:
    return _named(NotFound(f"Security group rule {rule_id} does not exist"), "SecurityGroupRuleNotFound")


def agent_not_found(agent_id: str) -> CloudError:
    return _named(NotFound(f"Agent {agent_id} could not be found"), "AgentNotFound")


def hidden() -> CloudError:
    """base.py: a policy refusal on something the caller may see answers as if it did not exist."""
    return NotFound("The resource could not be found.")


# -- request bodies (neutron/api/v2/base.py prepare_request_body, attributes.py) --------------------------------
def body_required() -> CloudError:
    return BadRequest("Resource body required")


def bad_body() -> CloudError:
    return BadRequest("Body contains invalid data")


def project_mismatch() -> CloudError:
    return BadRequest("'project_id' and 'tenant_id' do not match")


def body_missing(resource: str) -> CloudError:
    return BadRequest(f"Unable to find '{resource}' in request body")


def unrecognized(names: list[str]) -> CloudError:
    return BadRequest(f"Unrecognized attribute(s) '{', '.join(names)}'")


def not_allowed(attribute: str, method: str) -> CloudError:
    return BadRequest(f"Attribute '{attribute}' not allowed in {method}")


def missing(attribute: str) -> CloudError:
    return BadRequest(f"Failed to parse request. Required attribute '{attribute}' not specified")


def invalid_input(message: str) -> CloudError:
    return _named(BadRequest(f"Invalid input for operation: {message}."), "InvalidInput")


def invalid_attribute(attribute: str, reason: str) -> CloudError:
    """attributes.py convert_value: a value its validator refuses (a webob 400, so no neutron type)."""
    return BadRequest(f"Invalid input for {attribute}. Reason: {reason}.")


def read_only(attribute: str) -> CloudError:
    return BadRequest(f"Cannot update read-only attribute {attribute}")


def foreign_project() -> CloudError:
    return BadRequest("Specifying 'project_id' or 'tenant_id' other than authenticated project in request requires "
                      "admin privileges")


def bad_request(resource: str, message: str) -> CloudError:
    """neutron_lib BadRequest: `Bad router request: ...`."""
    return _named(BadRequest(f"Bad {resource} request: {message}."), "BadRequest")


def policy(rule: str) -> CloudError:
    """oslo.policy's PolicyNotAuthorized as Neutron relays it (a 403 naming the rule that failed)."""
    return _named(Forbidden(f"({rule}) is disallowed by policy"), "PolicyNotAuthorized")


# -- addresses (neutron/ipam/exceptions.py: Newton's default `internal` pluggable IPAM driver) ----------------
def ip_already_allocated(ip: str, subnet_id: str) -> CloudError:
    """neutrondb_ipam driver `_verify_ip`: what a port create with a taken fixed IP answers in Newton (409).

    Not neutron-lib's IpAddressInUse ("Unable to complete operation for network ... is in use."): that came from
    the non-pluggable IPAM, which Newton no longer uses by default (`ipam_driver = internal`).
    """
    return _named(Conflict(f"IP address {ip} already allocated in subnet {subnet_id}"), "IpAddressAlreadyAllocated")


def invalid_ip_for_network(ip: str) -> CloudError:
    """ipam_backend_mixin `_get_subnet_for_fixed_ip`: an address in none of the network's subnets (400)."""
    return _named(BadRequest(f"IP address {ip} is not a valid IP for any of the subnets on the specified network."),
                  "InvalidIpForNetwork")


def invalid_ip_for_subnet(ip: str) -> CloudError:
    """The same, when the request named the subnet the address should be in."""
    return _named(BadRequest(f"IP address {ip} is not a valid IP for the specified subnet."), "InvalidIpForSubnet")


def no_more_addresses(net_id: str) -> CloudError:
    return _named(Conflict(f"No more IP addresses available on network {net_id}."), "IpAddressGenerationFailure")


def mac_in_use(net_id: str, mac: str) -> CloudError:
    return _named(Conflict(f"Unable to complete operation for network {net_id}. The mac address {mac} is in use."),
                  "MacAddressInUse")


def bad_pool(pool: str, cidr: str) -> CloudError:
    """neutron/common/exceptions.py OutOfBoundsAllocationPool."""
    return _named(BadRequest(f"The allocation pool {pool} spans beyond the subnet cidr {cidr}."),
                  "OutOfBoundsAllocationPool")


def gateway_in_pool(gateway: str, pool: str) -> CloudError:
    """neutron/common/exceptions.py GatewayConflictWithAllocationPools (an InUse: 409)."""
    return _named(Conflict(f"Gateway ip {gateway} conflicts with allocation pool {pool}."),
                  "GatewayConflictWithAllocationPools")


# -- in use ---------------------------------------------------------------------------------------------------
def network_in_use(net_id: str) -> CloudError:
    return _named(Conflict(f"Unable to complete operation on network {net_id}. There are one or more ports still "
                           "in use on the network."), "NetworkInUse")


def subnet_in_use(subnet_id: str) -> CloudError:
    return _named(Conflict(f"Unable to complete operation on subnet {subnet_id}: One or more ports have an IP "
                           "allocation from this subnet."), "SubnetInUse")


def port_in_use(port_id: str, net_id: str, device_id: str) -> CloudError:
    return _named(Conflict(f"Unable to complete operation on port {port_id} for network {net_id}. Port already has "
                           f"an attached device {device_id}."), "PortInUse")


def service_port(port_id: str, owner: str) -> CloudError:
    """l3_db prevent_l3_port_deletion: router ports go through the router API."""
    return _named(Conflict(f"Port {port_id} cannot be deleted directly via the port API: has device owner "
                           f"{owner}."), "ServicePortInUse")


def router_in_use(router_id: str) -> CloudError:
    return _named(Conflict(f"Router {router_id} still has ports"), "RouterInUse")


def no_interface_on_subnet(router_id: str, subnet_id: str) -> CloudError:
    return _named(NotFound(f"Router {router_id} has no interface on subnet {subnet_id}"),
                  "RouterInterfaceNotFoundForSubnet")


def no_such_interface(router_id: str, port_id: str) -> CloudError:
    return _named(NotFound(f"Router {router_id} does not have an interface with id {port_id}"),
                  "RouterInterfaceNotFound")


# -- security groups ------------------------------------------------------------------------------------------
def group_in_use(group_id: str) -> CloudError:
    return _named(Conflict(f"Security Group {group_id} in use."), "SecurityGroupInUse")


def cannot_remove_default() -> CloudError:
    return _named(Conflict("Insufficient rights for removing default security group."),
                  "SecurityGroupCannotRemoveDefault")


def cannot_update_default() -> CloudError:
    return _named(Conflict("Updating default security group not allowed."), "SecurityGroupCannotUpdateDefault")


def default_exists() -> CloudError:
    """securitygroup.py `_validate_name_not_default`: no second group named default."""
    return _named(Conflict("Default security group already exists."), "SecurityGroupDefaultAlreadyExists")


def rule_ethertype(ethertype: str) -> CloudError:
    return _named(BadRequest(f"Security group rule for ethertype '{ethertype}' not supported. Allowed values are "
                             "['IPv4', 'IPv6']."), "SecurityGroupRuleInvalidEtherType")


def rule_exists(rule_id: str) -> CloudError:
    return _named(Conflict(f"Security group rule already exists. Rule id is {rule_id}."), "SecurityGroupRuleExists")


def rule_protocol(protocol: str, names: tuple[str, ...]) -> CloudError:
    values = ", ".join(["None", *(repr(name) for name in names)])
    return _named(BadRequest(f"Security group rule protocol {protocol} not supported. Only protocol values "
                             f"[{values}] and integer representations [0 to 255] are supported."),
                  "SecurityGroupRuleInvalidProtocol")


def rule_ports_need_protocol() -> CloudError:
    return _named(BadRequest("Must also specify protocol if port range is given."),
                  "SecurityGroupProtocolRequiredWithPorts")


def rule_port_range() -> CloudError:
    return _named(BadRequest("For TCP/UDP protocols, port_range_min must be <= port_range_max"),
                  "SecurityGroupInvalidPortRange")


def rule_remote_both() -> CloudError:
    return _named(BadRequest("Only remote_ip_prefix or remote_group_id may be provided."),
                  "SecurityGroupRemoteGroupAndRemoteIpPrefix")
