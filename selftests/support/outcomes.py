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


PKI = "tests/identity/test_pki_tokens.py"
PKI_TESTS = (
    "test_issued_token_has_the_declared_pki_format",
    "test_v2_and_v3_certificate_endpoints_agree",
    "test_token_signature_verifies_and_agrees_with_online_validation",
    "test_signing_certificate_is_issued_by_the_ca",
    "test_signing_certificate_may_sign_smime",
    "test_signing_certificate_outlives_the_warning_window",
    "test_revocation_list_verifies_and_lists_a_revoked_token",
    "test_pkiz_token_decompresses_and_verifies",
)
PKIZ_ONLY = ("test_pkiz_token_decompresses_and_verifies",)


def catalog_id(service: str) -> str:
    return f"{CATALOG}::test_service_is_in_catalog_with_every_interface[{service}]"


def discovery_id(service: str, interface: str) -> str:
    return f"{CATALOG}::test_endpoint_answers_its_own_discovery[{service}-{interface}]"


def token_id(name: str) -> str:
    return f"{TOKENS}::{name}"


def pki_id(name: str) -> str:
    return f"{PKI}::{name}"


def pki_outcomes(token_format: str = "uuid") -> dict[str, str]:
    """The PKI tests where the expectations declare this token format: all pass for pkiz, all but the PKIZ one for
    pki, and every one is skipped (with the file's reason) for uuid and fernet."""
    def runs(name: str) -> bool:
        return token_format == "pkiz" or (token_format == "pki" and name not in PKIZ_ONLY)
    return {pki_id(name): "passed" if runs(name) else "skipped" for name in PKI_TESTS}


def identity_ids(services=SERVICES) -> list[str]:
    ids = [catalog_id(s) for s in services]
    ids += [discovery_id(s, i) for s in services for i in INTERFACES]
    ids += [token_id(name) for name in TOKEN_TESTS]
    return ids


FLAVORS = ("m1.tiny", "m1.small", "m1.medium", "m1.large", "m1.xlarge")
EPHEMERAL_FLAVORS = FLAVORS[1:]   # the seed's post gives every flavor but m1.tiny a 40 GB ephemeral disk
HOST0, HOST1 = "juju-7f3a21-0", "juju-7f3a21-1"
BOOT_MATRIX = "tests/compute/test_boot_matrix.py::test_flavor_boots_on_host"
QCOW2 = "tests/image/test_images.py::test_qcow2_image_boot"


def matrix_id(flavor: str, host: str) -> str:
    return f"{BOOT_MATRIX}[{flavor}-{host}]"


def compute_outcomes(hosts=(HOST0,), ephemeral_refused: bool = True) -> dict[str, str]:
    """The compute and image tests on a healthy nova-lxd cloud with these hosts: everything passes except the
    known limitations — ephemeral flavors where the hosts' storage refuses them, and qcow2 always."""
    table = {f"tests/compute/test_flavors.py::test_flavor_matches_expectations[{f}]": "passed" for f in FLAVORS}
    for host in hosts:
        for flavor in FLAVORS:
            refused = ephemeral_refused and flavor in EPHEMERAL_FLAVORS
            table[matrix_id(flavor, host)] = "xfailed" if refused else "passed"
        table[f"tests/compute/test_services.py::test_compute_service_is_up_and_enabled[{host}]"] = "passed"
        table[f"tests/compute/test_services.py::test_hypervisor_has_the_expected_type[{host}]"] = "passed"
    table.update(dict.fromkeys([
        "tests/compute/test_keypairs.py::test_imported_keypair_is_the_runs_key",
        "tests/compute/test_servers.py::test_member_boot_of_the_smallest_flavor_becomes_active",
        "tests/compute/test_services.py::test_scheduler_and_conductor_are_up",
        "tests/image/test_images.py::test_boot_image_is_active_in_a_format_the_hypervisor_boots",
        "tests/image/test_images.py::test_uploaded_root_tarball_boots",
    ], "passed"))
    table[QCOW2] = "xfailed"
    return table


NETWORK = "tests/network"
FIXED_IP = f"{NETWORK}/test_fixed_ip_ports.py"
AGENTS = f"{NETWORK}/test_agents.py"
VOLUMES = "tests/volume/test_volumes.py"
# The seed's post-deploy networks, as every built-in scenario has them (expectations/newton-lxd.yaml).
NETWORK_OUTCOMES = dict.fromkeys([
    f"{NETWORK}/test_topology.py::test_network_exists_as_deployed[ext_net]",
    f"{NETWORK}/test_topology.py::test_network_exists_as_deployed[internal]",
    f"{NETWORK}/test_topology.py::test_router_is_wired_as_deployed[provider-router]",
    f"{AGENTS}::test_every_agent_is_alive",
    f"{AGENTS}::test_router_is_hosted_by_an_alive_l3_agent[provider-router]",
    f"{AGENTS}::test_dhcp_network_is_hosted_by_an_alive_dhcp_agent[internal]",
    f"{FIXED_IP}::test_server_on_a_reserved_port_has_exactly_that_address",
    f"{FIXED_IP}::test_a_taken_address_is_refused_as_a_conflict",
    f"{FIXED_IP}::test_an_address_outside_the_subnet_is_a_bad_request",
    f"{FIXED_IP}::test_port_outlives_its_server_and_serves_the_next",
], "passed")
VOLUME_OUTCOMES = dict.fromkeys([
    f"{VOLUMES}::test_volume_services_are_up",
    f"{VOLUMES}::test_volume_becomes_available_and_is_deleted",
    f"{VOLUMES}::test_volume_attaches_to_a_server_and_detaches",
], "passed")


PLATFORM = "tests/platform/test_lxd_host.py"
PLATFORM_HOST = "lxd-host"   # the machine Juju deployed on (expectations/newton-lxd.yaml platform.host.name)
# The checks of the platform's host, parametrized from the expectations' platform section.
PLATFORM_HOST_TESTS = (
    "test_juju_profile_setting[security.nesting]",
    "test_juju_profile_setting[security.privileged]",
    "test_juju_profile_setting[linux.kernel_modules]",
    "test_containers_nic_has_the_expected_mtu[default-eth0]",
    "test_containers_bridge_is_as_expected[name]",
    "test_containers_bridge_is_as_expected[ipv4]",
    "test_containers_bridge_is_as_expected[dhcp]",
    "test_containers_bridge_is_as_expected[ipv6]",
    "test_juju_machine_containers_are_running[juju-*]",
)


def platform_id(name: str) -> str:
    return f"{PLATFORM}::{name}"


def platform_outcomes(hosts=(HOST0,), present: bool = True) -> dict[str, str]:
    """The LXD checks: the platform host's, each compute host's storage, and configuration LXD 5 refuses on every
    LXD; all pass on a healthy cloud, all are skipped (with the file's reason) where the platform is declared
    absent (the all-in-one)."""
    ids = [platform_id(name) for name in PLATFORM_HOST_TESTS]
    ids += [platform_id(f"test_compute_host_storage_is_known[{host}]") for host in hosts]
    ids += [platform_id(f"test_no_configuration_lxd5_refuses[{lxd}]") for lxd in (PLATFORM_HOST, *hosts)]
    return dict.fromkeys(ids, "passed" if present else "skipped")


def healthy(services=SERVICES, hosts=(HOST0,), ephemeral_refused: bool = True,
            token_format: str = "uuid", platform_present: bool = True) -> dict[str, str]:
    """A healthy scenario: every identity, network and volume check passes; compute as `compute_outcomes`
    says; the PKI checks as `pki_outcomes` says for the declared token format; the LXD checks as
    `platform_outcomes` says (skipped where the expectations declare the platform absent)."""
    return {**dict.fromkeys(identity_ids(services), "passed"), **pki_outcomes(token_format),
            **compute_outcomes(hosts, ephemeral_refused), **NETWORK_OUTCOMES, **VOLUME_OUTCOMES,
            **platform_outcomes(hosts, platform_present)}


def with_failures(failed: list[str], knock_on: dict[str, str] | None = None,
                  token_format: str = "uuid") -> dict[str, str]:
    """newton-lxd's healthy table (with this token format) with `failed` failing, and `knock_on` outcomes of tests
    the fault breaks in passing (they use what is broken without checking it)."""
    table = healthy(token_format=token_format)
    changes = {**dict.fromkeys(failed, "failed"), **(knock_on or {})}
    unknown = [test_id for test_id in changes if test_id not in table]
    assert not unknown, f"not acceptance test ids: {unknown}"
    table.update(changes)
    return table


# Without image discovery openstacksdk cannot use Glance at all ("exists but does not have any supported
# versions"): everything that needs an image errors in setup, or fails where the image is made in the test.
IMAGE_UNUSABLE = {
    **{matrix_id(flavor, HOST0): "error" for flavor in FLAVORS},
    "tests/compute/test_servers.py::test_member_boot_of_the_smallest_flavor_becomes_active": "error",
    "tests/image/test_images.py::test_boot_image_is_active_in_a_format_the_hypervisor_boots": "error",
    "tests/image/test_images.py::test_uploaded_root_tarball_boots": "failed",
    QCOW2: "failed",
    **dict.fromkeys([f"{FIXED_IP}::test_server_on_a_reserved_port_has_exactly_that_address",
                     f"{FIXED_IP}::test_port_outlives_its_server_and_serves_the_next",
                     f"{VOLUMES}::test_volume_attaches_to_a_server_and_detaches"], "error"),
}


# Fault scenario -> (test ids that must fail, text each failure message must contain, knock-on outcomes).
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
        IMAGE_UNUSABLE,
    ),
    "fault-tokens-not-revoked": (
        [token_id("test_revoked_token_is_not_found")],
        "still validates after DELETE",
    ),
}


# Platform fault scenario -> {test id that must fail: the exact sentence its failure names}. Nothing else changes.
PLATFORM_FAULTS = {
    "fault-platform-lxc2-profile": {
        platform_id(f"test_no_configuration_lxd5_refuses[{PLATFORM_HOST}]"):
            "profile juju-default: raw.lxc sets lxc.aa_profile ('lxc.aa_profile=unconfined'), an LXC 2 key that LXC 3 "
            "removed and LXD 5 refuses; expected lxc.apparmor.profile",
    },
    "fault-platform-network": {
        platform_id("test_juju_profile_setting[security.nesting]"):
            "profile juju-default: security.nesting is 'false', expected 'true'",
        platform_id("test_containers_bridge_is_as_expected[ipv6]"):
            "network lxdbr0: ipv6.address is 'fd42:7f3a:21::1/64', expected 'none' (IPv6 off)",
        platform_id("test_containers_nic_has_the_expected_mtu[default-eth0]"):
            "profile default: eth0 MTU is 1500 (LXD's default: neither eth0's mtu nor network lxdbr0's bridge.mtu "
            "is set), expected 9000",
    },
    "fault-platform-machine-stopped": {
        platform_id("test_juju_machine_containers_are_running[juju-*]"):
            "instance juju-7f3a21-5: status is 'Stopped', expected 'Running'",
    },
}


AIO_HOST, AIO_LXD_HOST = "aio", "lxd1"   # make aio's compute hosts: Nova's fake driver; the lab LXD driver


def aio_outcomes(hosts=(AIO_HOST,), ephemeral_refused_on=()) -> dict[str, str]:
    """The all-in-one (`make aio`, expectations/aio.yaml or, with lxd1, aio-lxd.yaml): everything passes (a qcow2
    image boots too: neither driver refuses it) but Cinder v2, declared absent, and the platform checks (no Juju),
    skipped; the ephemeral flavors are strict xfails on the hosts in `ephemeral_refused_on`."""
    table = healthy(services=(*SERVICES, "placement"), hosts=hosts, ephemeral_refused=False, platform_present=False)
    table[QCOW2] = "passed"
    table[catalog_id("volumev2")] = "skipped"
    table.update({discovery_id("volumev2", i): "skipped" for i in INTERFACES})
    table.update({matrix_id(flavor, host): "xfailed" for host in ephemeral_refused_on for flavor in EPHEMERAL_FLAVORS})
    return table
