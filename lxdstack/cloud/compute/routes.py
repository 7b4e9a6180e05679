"""Nova's implemented routes, relative to `/compute` (discovery documents are in `discovery.py`).

Fixed paths (`/flavors/detail`) come before the ones they would otherwise match as an id. Anything not listed
answers 501 naming the route (after the token check), so a gap never passes for an answer.
"""

from __future__ import annotations

from lxdstack.cloud.compute import action_handlers as actions
from lxdstack.cloud.compute import admin_handlers as admin
from lxdstack.cloud.compute import flavor_handlers as flavors
from lxdstack.cloud.compute import keypair_handlers as keypairs
from lxdstack.cloud.compute import server_handlers as servers
from lxdstack.cloud.compute import volume_attachment_handlers as attachments
from lxdstack.cloud.core.routing import Route

V = "/v2.1"
_SPECS = V + "/flavors/{flavor_id}/os-extra_specs"
_ACTIONS = V + "/servers/{server_id}/os-instance-actions"
_ATTACHMENTS = V + "/servers/{server_id}/os-volume_attachments"

ROUTES = [
    Route("GET", V + "/flavors", flavors.list_flavors),
    Route("POST", V + "/flavors", flavors.create_flavor),
    Route("GET", V + "/flavors/detail", flavors.list_flavors_detail),
    Route("GET", V + "/flavors/{flavor_id}", flavors.get_flavor),
    Route("DELETE", V + "/flavors/{flavor_id}", flavors.delete_flavor),
    Route("GET", _SPECS, flavors.list_extra_specs),
    Route("POST", _SPECS, flavors.create_extra_specs),
    Route("GET", _SPECS + "/{key}", flavors.get_extra_spec),
    Route("PUT", _SPECS + "/{key}", flavors.update_extra_spec),
    Route("DELETE", _SPECS + "/{key}", flavors.delete_extra_spec),
    Route("GET", V + "/os-keypairs", keypairs.list_keypairs),
    Route("POST", V + "/os-keypairs", keypairs.create_keypair),
    Route("GET", V + "/os-keypairs/{name}", keypairs.get_keypair),
    Route("DELETE", V + "/os-keypairs/{name}", keypairs.delete_keypair),
    Route("GET", V + "/servers", servers.list_servers),
    Route("POST", V + "/servers", servers.create_server),
    Route("GET", V + "/servers/detail", servers.list_servers_detail),
    Route("GET", V + "/servers/{server_id}", servers.get_server),
    Route("PUT", V + "/servers/{server_id}", servers.update_server),
    Route("DELETE", V + "/servers/{server_id}", servers.delete_server),
    Route("POST", V + "/servers/{server_id}/action", actions.server_action),
    Route("GET", _ACTIONS, actions.list_instance_actions),
    Route("GET", _ACTIONS + "/{request_id}", actions.get_instance_action),
    Route("GET", _ATTACHMENTS, attachments.list_volume_attachments),
    Route("POST", _ATTACHMENTS, attachments.attach_volume),
    Route("GET", _ATTACHMENTS + "/{volume_id}", attachments.get_volume_attachment),
    Route("DELETE", _ATTACHMENTS + "/{volume_id}", attachments.detach_volume),
    Route("GET", V + "/os-services", admin.list_services),
    Route("PUT", V + "/os-services/{action}", admin.update_service),
    Route("GET", V + "/os-hypervisors", admin.list_hypervisors),
    Route("GET", V + "/os-hypervisors/detail", admin.list_hypervisors_detail),
    Route("GET", V + "/os-hypervisors/statistics", admin.hypervisor_statistics),
    Route("GET", V + "/os-hypervisors/{hypervisor_id}", admin.get_hypervisor),
    Route("GET", V + "/os-availability-zone", admin.list_zones),
    Route("GET", V + "/os-availability-zone/detail", admin.list_zones_detail),
    Route("GET", V + "/limits", admin.get_limits),
]
