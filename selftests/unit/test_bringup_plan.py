"""`lxdstack bring-up --dry-run`: the seed's procedure in order, each step with its command, touching nothing; and
the inputs that stop a bring-up before it starts, each in one line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lxdstack.bringup.juju_steps import SEED_BUNDLE, read_bundle, settled_allowance
from lxdstack.bringup.lxd_steps import LxdSettings, lxd_steps
from lxdstack.bringup.plan import bring_up_steps, options_from
from lxdstack.bringup.post_deploy import SEED_FLAVORS, PostDeploySettings
from lxdstack.bringup.steps import plan
from lxdstack.cli import main
from lxdstack.expectations import load_expectations
from lxdstack.images import QCOW2_HEADER
from lxdstack.juju.expectations import ApplicationAllowance, JujuExpectation
from lxdstack.keys import new_key

PROJECT = Path(__file__).resolve().parents[2]
DOC = PROJECT / "docs" / "bring-up.md"


@pytest.fixture
def key(tmp_path):
    path = tmp_path / "id_rsa.pub"
    path.write_text(new_key("plan-test").public_key + "\n")
    return path


def _juju_and_post_deploy(key: Path, image: str, cwd_files: str = "") -> list[str]:
    return [
        " 6. Juju controller lxd on cloud localhost",
        "      $ juju bootstrap localhost lxd --no-switch --config default-series=xenial",
        " 7. Juju model openstack on controller lxd",
        "      $ juju add-model --no-switch openstack --controller lxd",
        " 8. deploy newton-novalxd.yaml (16 applications) into lxd:openstack",
        f"      $ juju deploy --model lxd:openstack {SEED_BUNDLE}",
        " 9. wait until lxd:openstack is settled: every unit active and idle (at most 60 min)",
        "      $ juju status --model lxd:openstack --format json   # until settled (the seed: watch juju status)",
        "10. credentials of lxd:openstack's keystone admin: novarc novarc, clouds.yaml clouds.yaml entry openstack",
        "      $ lxdstack juju-creds --model lxd:openstack --novarc novarc --clouds-yaml clouds.yaml "
        "--cloud-name openstack",
        "11. flavor m1.tiny: 512 MB RAM, 1 GB disk, 0 GB ephemeral, 1 vCPU, public",
        "      $ openstack flavor create --public --ram 512 --disk 1 --ephemeral 0 --vcpus 1 m1.tiny",
        "12. flavor m1.small: 1024 MB RAM, 20 GB disk, 40 GB ephemeral, 1 vCPU, public",
        "      $ openstack flavor create --public --ram 1024 --disk 20 --ephemeral 40 --vcpus 1 m1.small",
        "13. flavor m1.medium: 2048 MB RAM, 40 GB disk, 40 GB ephemeral, 2 vCPU, public",
        "      $ openstack flavor create --public --ram 2048 --disk 40 --ephemeral 40 --vcpus 2 m1.medium",
        "14. flavor m1.large: 8192 MB RAM, 40 GB disk, 40 GB ephemeral, 4 vCPU, public",
        "      $ openstack flavor create --public --ram 8192 --disk 40 --ephemeral 40 --vcpus 4 m1.large",
        "15. flavor m1.xlarge: 16384 MB RAM, 80 GB disk, 40 GB ephemeral, 8 vCPU, public",
        "      $ openstack flavor create --public --ram 16384 --disk 80 --ephemeral 40 --vcpus 8 m1.xlarge",
        f"16. keypair mykey from {key}",
        f"      $ openstack keypair create --public-key {key} mykey",
        "17. external network ext_net: subnet ext_net_subnet 10.0.8.0/24, gateway 10.0.8.1, floating "
        "10.0.8.201-10.0.8.254, no DHCP; router provider-router with its gateway there",
        "      $ ./neutron-ext-net -g 10.0.8.1 -c 10.0.8.0/24 -f 10.0.8.201:10.0.8.254 ext_net",
        "18. tenant network internal: subnet internal_subnet 192.168.20.0/24, DNS 10.0.8.1; interface of router "
        "provider-router",
        "      $ ./neutron-tenant-net -t admin -r provider-router -N 10.0.8.1 internal 192.168.20.0/24",
        f"19. image xenial: raw, bare, public, from {image}",
        f"      $ glance image-create --name xenial --disk-format raw --container-format bare --visibility public "
        f"--file {image}",
    ]


def test_dry_run_prints_the_seeds_procedure_in_order_and_touches_nothing(tmp_path, key, capsys, monkeypatch):
    """No juju on PATH, no LXD at the socket, no clouds.yaml: a dry run needs none of them and writes nothing."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    image = tmp_path / "root.tar.gz"
    image.write_bytes(b"\x1f\x8b")
    status = main(["bring-up", "--dry-run", "--lxd", str(tmp_path / "no-lxd.socket"), f"--public-key={key}",
                   f"--image={image}"])
    out = capsys.readouterr()
    lxd_plan = plan(lxd_steps(lambda project: pytest.fail("a dry run made an LXD client"), LxdSettings()))
    assert status == 0 and out.err == ""
    assert out.out.splitlines() == ["bring-up plan: 19 steps, in order (dry run: nothing is touched)", *lxd_plan,
                                    *_juju_and_post_deploy(key, str(image))]
    assert lxd_plan[0] == " 1. LXD bridge lxdbr0: 10.0.8.1/24, DHCP 10.0.8.2-10.0.8.200, NAT on, IPv6 off"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["id_rsa.pub", "root.tar.gz"]


def test_dry_run_of_one_phase_lists_only_its_steps(tmp_path, key, capsys):
    clouds = tmp_path / "clouds.yaml"
    clouds.write_text("clouds:\n  openstack:\n    auth: {auth_url: 'http://127.0.0.1:9/v3'}\n")
    assert main(["bring-up", "--dry-run", "--only", "post-deploy", f"--public-key={key}",
                 f"--clouds-yaml={clouds}"]) == 0
    header, *lines = capsys.readouterr().out.splitlines()
    whole = _juju_and_post_deploy(key, "<no file given>")[10:]   # steps 11 to 19 of the whole plan
    assert header == "bring-up plan: 9 steps, in order (dry run: nothing is touched)"
    assert [line[4:] for line in lines] == [line[4:] for line in whole]
    assert [line[:4] for line in lines if not line.startswith("      $")] == [f"{n:2}. " for n in range(1, 10)]


def _one_line_error(args: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as exited:
        main(["bring-up", *args])
    err = capsys.readouterr().err
    assert exited.value.code == 2 and len(err.splitlines()) == 1, err
    return err.rstrip("\n")


def test_missing_bundle_file_is_one_line(tmp_path, key, capsys):
    assert _one_line_error(["--dry-run", f"--bundle={tmp_path}/nope.yaml", f"--public-key={key}"], capsys) == (
        f"lxdstack bring-up: --bundle {tmp_path}/nope.yaml: cannot read: No such file or directory")


def test_a_file_that_is_no_bundle_is_one_line(tmp_path, key, capsys):
    (tmp_path / "charm.yaml").write_text("name: keystone\nsummary: not a bundle\n")
    assert _one_line_error([f"--bundle={tmp_path}/charm.yaml", f"--public-key={key}"], capsys) == (
        f"lxdstack bring-up: --bundle {tmp_path}/charm.yaml: not a Juju bundle (no `applications` mapping)")


def test_unreadable_public_key_is_one_line_before_anything_runs(tmp_path, capsys):
    """Run as root, a mode-000 file is still readable: a directory is what root cannot read as a key."""
    (tmp_path / "keydir").mkdir()
    assert _one_line_error([f"--public-key={tmp_path}/keydir"], capsys) == (
        f"lxdstack bring-up: --public-key {tmp_path}/keydir: cannot read: Is a directory")


def test_private_key_given_as_public_key_is_one_line(tmp_path, capsys):
    (tmp_path / "id_rsa").write_text(new_key("x").private_pem)
    assert _one_line_error([f"--public-key={tmp_path}/id_rsa", "--only=post-deploy"], capsys) == (
        f"lxdstack bring-up: --public-key {tmp_path}/id_rsa: a private key; give its public half (id_rsa.pub)")


def test_qcow2_image_is_refused_in_one_line(tmp_path, key, capsys):
    (tmp_path / "xenial.img").write_bytes(QCOW2_HEADER)
    assert _one_line_error([f"--public-key={key}", f"--image={tmp_path}/xenial.img"], capsys) == (
        f"lxdstack bring-up: --image {tmp_path}/xenial.img: a qcow2 image, which nova-lxd refuses: give the root "
        "tarball (e.g. xenial-server-cloudimg-amd64-root.tar.gz), uploaded as raw")


def test_post_deploy_alone_needs_the_clouds_yaml_entry(tmp_path, key, capsys):
    (tmp_path / "clouds.yaml").write_text("clouds:\n  other: {}\n")
    assert _one_line_error(["--only=post-deploy", f"--public-key={key}", f"--clouds-yaml={tmp_path}/clouds.yaml"],
                           capsys) == (
        f"lxdstack bring-up: --clouds-yaml {tmp_path}/clouds.yaml: no entry 'openstack' to log in with (write it "
        "with the juju phase, or `lxdstack juju-creds`)")


@pytest.mark.parametrize(("args", "message"), [
    (["--only=lxd,kvm"], "--only lxd,kvm: choose among lxd, juju, post-deploy (comma-separated)"),
    (["--model=OpenStack"], "Juju model name 'OpenStack': use lowercase letters, digits and hyphens"),
    (["--settle-timeout=0"], "settle timeout 0.0: must be a positive number of seconds"),
    (["--timeout-scale=-1"], "--timeout-scale -1.0: must be a positive number"),
], ids=["unknown-phase", "model-name", "settle-timeout", "timeout-scale"])
def test_bad_option_values_are_one_line(args, message, capsys):
    assert _one_line_error(["--dry-run", *args], capsys) == f"lxdstack bring-up: {message}"


def test_bootstrap_config_must_be_a_mapping(tmp_path, key, capsys):
    (tmp_path / "config.yaml").write_text("- default-series: xenial\n")
    assert _one_line_error(["--dry-run", f"--bootstrap-config={tmp_path}/config.yaml"], capsys) == (
        f"lxdstack bring-up: --bootstrap-config {tmp_path}/config.yaml: expected a mapping of Juju configuration "
        "keys to plain values")


def test_the_seed_bundle_has_its_sixteen_applications_and_ntp_alone_unrelated():
    bundle = read_bundle(SEED_BUNDLE)
    assert sorted(bundle.applications) == sorted([
        "ceph", "ceph-radosgw", "cinder", "cinder-ceph", "glance", "keystone", "lxd", "mysql", "neutron-api",
        "neutron-gateway", "neutron-openvswitch", "nova-cloud-controller", "nova-compute", "ntp",
        "openstack-dashboard", "rabbitmq-server"])
    assert bundle.unrelated == ("ntp",)


def test_post_deploy_defaults_are_what_the_seed_expectations_check():
    """The bring-up creates exactly what expectations/newton-lxd.yaml tells the suite to find."""
    expected = load_expectations(PROJECT / "expectations" / "newton-lxd.yaml")
    settings = PostDeploySettings()
    assert {f.name: (f.ram, f.disk, f.ephemeral, f.vcpus) for f in SEED_FLAVORS} == {
        name: (f.ram, f.disk, f.ephemeral, f.vcpus) for name, f in expected.flavors.items()}
    networks = expected.network.networks
    assert networks["ext_net"] == settings.external.expectation()
    assert networks["internal"].subnets["internal_subnet"].cidr == settings.tenant.cidr
    assert networks["internal"].subnets["internal_subnet"].dns == settings.tenant.dns
    router = expected.network.routers["provider-router"]
    assert (router.gateway, router.interfaces) == (settings.external.name, (settings.tenant.subnet,))
    assert expected.compute.boot_image == settings.image


def test_the_plan_in_docs_is_the_plan_the_code_makes():
    block = re.search(r"<!-- plan:begin -->\n```\n(.*?)```\n<!-- plan:end -->", DOC.read_text(), re.S)
    made = [line.replace(f"{PROJECT}/", "…/") for line in plan(bring_up_steps(options_from(), report=print))]
    assert block.group(1).splitlines() == made, "docs/bring-up.md is stale: regenerate its plan with --dry-run"


def test_settled_allows_unknown_for_unrelated_applications_and_what_the_expectations_allow():
    allowed = ApplicationAllowance(workload=("active", "blocked"), message="^Missing relations")
    allowance = settled_allowance(read_bundle(SEED_BUNDLE), JujuExpectation(applications={"ceph-radosgw": allowed}))
    assert allowance.applications == {"ntp": ApplicationAllowance(workload=("active", "unknown")),
                                      "ceph-radosgw": allowed}
    assert not allowance.allowance("keystone").accepts("unknown", "")
