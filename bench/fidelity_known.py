"""Why the embedded cloud (Newton) and a real cloud differ where they still do, for `bench/fidelity.py`.

Each entry is a (service, operation, aspect) pattern (fnmatch; the first match wins), a kind and a one-line
reason. Kinds: `release` (the real cloud runs a later OpenStack; Newton's source says what the embedded cloud
does), `fake` (an artefact of the real cloud's fake drivers and stand-in agents), `deployment` (names and choices
of the deployment, not of OpenStack), `timing` (a transient state one poll caught and another missed),
`departure` (the embedded cloud departs from Newton on purpose, see docs/fidelity.md), `probe` (the two sides
were provoked differently). docs/fidelity.md explains each with its source. Anything else is `unexplained`.
"""

from __future__ import annotations

RELEASE, FAKE, DEPLOYMENT, TIMING, DEPARTURE, PROBE = "release", "fake", "deployment", "timing", "departure", "probe"

KNOWN: list[tuple[tuple[str, str, str], str, str]] = [
    # -- identity
    (("identity", "GET / (version discovery)", "header location"), RELEASE,
     "Zed's discovery adds Location; Newton's get_versions renders none"),
    (("identity", "GET /*", "version*"), RELEASE, "Newton offers v3.7 and a deprecated v2.0; Zed v3.14 only"),
    (("identity", "*", "*links[].type"), RELEASE, "the v2.0 entry's describedby link, gone with v2.0"),
    (("identity", "*", "*roles[].name"), DEPLOYMENT,
     "the Juju charm's Admin/Member; keystone-manage bootstrap's admin/member/reader (implied) and service"),
    (("identity", "*", "*catalog[].*"), DEPLOYMENT,
     "catalog: Zed has placement and block-storage, no volumev2 (removed in Xena)"),
    (("identity", "*", "token format"), DEPLOYMENT, "the seed's cloud issues uuid tokens, the all-in-one fernet"),
    (("identity", "GET /v3/auth/tokens (never issued)", "error.message"), RELEASE,
     "uuid's TokenNotFound text against fernet's"),
    (("identity", "*", "body field *.options"), RELEASE, "resource options (Pike and later)"),
    (("identity", "*", "body field *.tags"), RELEASE, "project tags (Queens)"),
    (("identity", "*", "body field roles[].description"), RELEASE, "role descriptions (Queens)"),
    # -- image
    (("image", "GET / (version discovery)", "header x-openstack-request-id"), DEPARTURE,
     "every embedded answer has a request id; Glance's version app has none"),
    (("image", "GET / (version discovery)", "versions*"), RELEASE, "Newton serves 2.0-2.4, Zed up to 2.16"),
    (("image", "POST /v2/images", "visibility"), RELEASE, "`shared` became the default visibility in Ocata (2.5)"),
    (("image", "*", "*os_hash_*"), RELEASE, "multihash (Rocky)"),
    (("image", "*", "*os_hidden"), RELEASE, "hidden images (Rocky)"),
    (("image", "*", "virtual_size"), RELEASE, "Zed's Glance measures an upload; Newton's leaves virtual_size null"),
    (("image", "*", "*owner_specified.openstack.*"), DEPLOYMENT,
     "the all-in-one's image was uploaded with openstacksdk, which adds these"),
    (("image", "POST /v2/images", "headers field openstack-image-import-methods"), RELEASE,
     "interoperable image import (Queens)"),
    # -- network
    (("network", "GET / (version discovery)", "header x-openstack-request-id"), DEPARTURE,
     "every embedded answer has a request id; Neutron's version app has none"),
    (("network", "*", "networks[].provider:network_type"), DEPLOYMENT, "the seed's GRE against the all-in-one's VXLAN"),
    (("network", "*", "networks[].mtu"), DEPLOYMENT, "GRE's 1458 against VXLAN's 1450"),
    (("network", "GET /v2.0/agents", "agents[].*"), DEPLOYMENT,
     "the bundle's agents on a gateway and a compute host; the all-in-one has one host and no metadata agent"),
    (("network", "*", "*configurations.*"), FAKE, "the all-in-one's agents are stand-ins reporting their own"),
    (("network", "*", "*resource_versions*"), RELEASE,
     "Zed agents announce more objects; its agent list omits them, Newton's _make_agent_dict always shows them"),
    (("network", "*", "*resources_synced"), RELEASE, "resources_synced (Pike)"),
    (("network", "*", "*binding:vif_details.*"), RELEASE,
     "Zed's Open vSwitch driver adds connectivity, datapath_type, bridge_name and bound_drivers"),
    (("network", "*", "port.binding:vif_details"), FAKE,
     "and the stand-in agent asks for no hybrid plugging (the seed's iptables_hybrid firewall does)"),
    (("network", "GET /v2.0/ports?device_id={server}", "ports[].status"), TIMING,
     "the fake driver does not wait for the stand-in agent: the port is not wired yet when the server is ACTIVE"),
    (("network", "port after its server's deletion", "*"), DEPARTURE, "the embedded cloud deletes a server at once"),
    # -- compute
    (("compute", "GET / (version discovery)", "header x-openstack-request-id"), DEPARTURE,
     "every embedded answer has a request id; Nova's version app has none"),
    (("compute", "GET / (version discovery)", "versions[].version"), RELEASE, "maximum microversion 2.38 against 2.93"),
    (("compute", "GET /os-hypervisors/detail", "hypervisors[].hypervisor_type"), FAKE, "Nova's fake driver, not lxd"),
    (("compute", "GET /os-hypervisors/detail", "*cpu_info*"), FAKE,
     "the fake driver's cpu_info (a features list, numbers) against nova-lxd's (a flags string, lscpu's text)"),
    (("compute", "POST /servers/{id}/action (os-getConsoleOutput)", "output"), FAKE, "the fake driver's console"),
    (("compute", "POST /servers*", "OS-EXT-STS:task_state sequence"), TIMING,
     "transient task states, caught or missed by 0.2 s polls; Zed skips networking for `none`"),
    (("compute", "POST /servers*", "port status sequence"), TIMING,
     "the fake driver does not wait for the stand-in agent: ACTIVE server, port still DOWN, then ACTIVE"),
    (("compute", "DELETE /servers/{id}", "*sequence"), DEPARTURE, "the embedded cloud deletes a server at once"),
    (("compute", "GET /servers/{id} (ERROR)", "server.fault.message"), RELEASE,
     "a forced host that does not exist: Newton's scheduler says there are not enough hosts"),
    # -- block storage
    (("block-storage", "GET / (version discovery)", "header x-compute-request-id"), RELEASE,
     "Zed's version pipeline has request_id; Newton's has none (the embedded x-openstack-request-id is a departure)"),
    (("block-storage", "GET / (version discovery)", "versions*"), RELEASE,
     "Newton lists v1 (deprecated), v2 and v3 up to 3.15; Zed v3 only, up to 3.70"),
    (("block-storage", "*", "*volume_types[]*"), RELEASE, "Zed always has the __DEFAULT__ type (Train)"),
    (("block-storage", "POST /volumes (no backend can take it)", "volume.volume_type"), PROBE,
     "the real side uses a type naming no backend; the embedded side a cloud whose cinder-volume is down"),
    (("block-storage", "*", "volume.volume_type"), RELEASE, "the __DEFAULT__ type (Train)"),
    (("block-storage", "*", "volume.replication_status"), RELEASE,
     "Newton's create flow writes `disabled`; Zed leaves it to the driver"),
    (("block-storage", "*", "volume.os-vol-host-attr:host"), DEPLOYMENT, "cinder-ceph against the fake backend"),
    (("block-storage", "*", "body field quota_set.*"), RELEASE, "per-type quotas of __DEFAULT__, group quotas"),
    (("block-storage", "attach through Nova", "status sequence"), RELEASE,
     "Zed's Nova reserves through the attachments API (`reserved`); Newton's os-reserve sets `attaching`"),
    (("block-storage", "*", "*metadata.attached_mode"), RELEASE,
     "Newton's os-attach sets readonly and attached_mode admin metadata, which show in metadata"),
    (("block-storage", "*", "*metadata.readonly"), RELEASE,
     "Newton's os-attach sets readonly and attached_mode admin metadata, which show in metadata"),
    (("block-storage", "GET /messages/{id} (3.3)", "message.*"), RELEASE,
     "Newton's event id 000002 and its text; Zed's VOLUME_<resource>_<action>_<detail> and action:detail text"),
]
