"""The Neutron API extensions the embedded cloud implements, as Newton's `GET /v2.0/extensions` describes them.

Only these are listed, so that a client checking for an extension (openstacksdk and the openstack CLI look for
`security-group`, `router`, `external-net`, `agent`...) finds exactly what works. Names, aliases, descriptions and
dates are Newton's (neutron/extensions/*.py @ newton-eol).
"""

from __future__ import annotations

# (alias, name, description, updated)
EXTENSIONS = [
    ("agent", "agent", "The agent management extension.", "2013-02-03T10:00:00-00:00"),
    ("dhcp_agent_scheduler", "DHCP Agent Scheduler", "Schedule networks among dhcp agents",
     "2013-02-07T10:00:00-00:00"),
    ("l3_agent_scheduler", "L3 Agent Scheduler", "Schedule routers among l3 agents", "2013-02-07T10:00:00-00:00"),
    ("external-net", "Neutron external network", "Adds external network attribute to network resource.",
     "2013-01-14T10:00:00-00:00"),
    ("router", "Neutron L3 Router", "Router abstraction for basic L3 forwarding between L2 Neutron networks and "
     "access to external networks via a NAT gateway.", "2012-07-20T10:00:00-00:00"),
    ("ext-gw-mode", "Neutron L3 Configurable external gateway mode", "Extension of the router abstraction for "
     "specifying whether SNAT should occur on the external gateway", "2013-03-28T10:00:00-00:00"),
    ("binding", "Port Binding", "Expose port bindings of a virtual port to external application",
     "2014-02-03T10:00:00-00:00"),
    ("provider", "Provider Network", "Expose mapping of virtual networks to physical networks",
     "2012-09-07T10:00:00-00:00"),
    ("security-group", "security-group", "The security groups extension.", "2012-10-05T10:00:00-00:00"),
    ("net-mtu", "Network MTU", "Provides MTU attribute for a network resource.", "2015-03-25T10:00:00-00:00"),
    ("port-security", "Port Security", "Provides port security", "2012-07-23T10:00:00-00:00"),
    ("project-id", "project_id field enabled", "Extension that indicates that project_id field is enabled.",
     "2016-09-09T09:09:09-09:09"),
    ("standard-attr-description", "standard-attr-description", "Extension to add descriptions to standard "
     "attributes", "2016-02-10T10:00:00-00:00"),
    ("standard-attr-timestamp", "Resource timestamps", "Adds created_at and updated_at fields to all Neutron "
     "resources that have Neutron standard attributes.", "2016-09-12T10:00:00-00:00"),
    ("standard-attr-revisions", "Resource revision numbers", "This extension will display the revision number of "
     "neutron resources.", "2016-04-11T10:00:00-00:00"),
    ("availability_zone", "Availability Zone", "The availability zone extension.", "2015-01-01T10:00:00-00:00"),
    ("network_availability_zone", "Network Availability Zone", "Availability zone support for network.",
     "2015-01-01T10:00:00-00:00"),
    ("router_availability_zone", "Router Availability Zone", "Availability zone support for router.",
     "2015-01-01T10:00:00-00:00"),
]


def extension(alias: str, name: str, description: str, updated: str) -> dict:
    return {"alias": alias, "name": name, "description": description, "updated": updated, "links": []}
