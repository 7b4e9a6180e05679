"""Cinder's services, volume types, quotas and limits: what the seed's Juju deployment has, and quotas enforced
with Cinder's 413."""

from __future__ import annotations

import uuid


def test_services_are_the_charm_s_scheduler_and_ceph_backend(cinder) -> None:
    c = cinder()
    response = c.get("/os-services")
    assert response.status_code == 200
    services = response.json()["services"]
    assert [(s["binary"], s["host"], s["zone"], s["status"], s["state"]) for s in services] == [
        ("cinder-scheduler", "cinder", "nova", "enabled", "up"),
        ("cinder-volume", "cinder@cinder-ceph", "nova", "enabled", "up")]
    assert all(s["updated_at"].endswith(".000000") for s in services)
    assert "cluster" not in services[0] and c.get("/os-services", version="3.7").json()["services"][0]["cluster"] \
        is None
    assert [s["host"] for s in c.get("/os-services?binary=cinder-volume").json()["services"]] == \
        ["cinder@cinder-ceph"]


def test_services_are_for_admins(cinder) -> None:
    c = cinder()
    response = c.get("/os-services", c.member)
    assert response.status_code == 403
    assert response.json()["forbidden"]["message"] == \
        "Policy doesn't allow volume_extension:services:index to be performed."


def test_the_seed_has_no_volume_type(cinder) -> None:
    c = cinder()
    assert c.get("/types").json() == {"volume_types": []}
    response = c.get("/types/default")
    assert response.status_code == 404
    assert response.json()["itemNotFound"]["message"] == "Default volume type can not be found."


def test_a_scenario_s_default_type_is_listed_and_given_to_new_volumes(cinder) -> None:
    c = cinder("typed")
    (listed,) = c.get("/types", c.member).json()["volume_types"]
    assert set(listed) == {"id", "name", "is_public", "extra_specs", "description"}
    assert (listed["name"], listed["is_public"]) == ("ceph", True)
    assert c.get("/types/default").json()["volume_type"] == listed
    assert c.get(f"/types/{listed['id']}").json()["volume_type"] == listed
    assert c.create()["volume_type"] == "ceph"
    assert c.create(volume_type=listed["id"])["volume_type"] == "ceph"
    assert {"volumes_ceph", "gigabytes_ceph", "snapshots_ceph"} <= set(
        c.get(f"/os-quota-sets/{c.admin_project}").json()["quota_set"])


def test_quotas_show_newton_s_defaults_and_usage(cinder) -> None:
    c = cinder()
    c.create(3, token=c.member)
    quota_set = c.get(f"/os-quota-sets/{c.member_project}", c.member).json()["quota_set"]
    assert quota_set == {"id": c.member_project, "volumes": 10, "gigabytes": 1000, "snapshots": 10, "backups": 10,
                         "backup_gigabytes": 1000, "per_volume_gigabytes": -1}
    with_usage = c.get(f"/os-quota-sets/{c.member_project}?usage=true", c.member).json()["quota_set"]
    assert with_usage["gigabytes"] == {"limit": 1000, "in_use": 3, "reserved": 0}
    assert with_usage["volumes"] == {"limit": 10, "in_use": 1, "reserved": 0}
    defaults = c.get(f"/os-quota-sets/{uuid.uuid4().hex}/defaults", c.member).json()["quota_set"]
    assert defaults["volumes"] == 10


def test_a_member_may_not_read_another_project_s_quotas(cinder) -> None:
    c = cinder()
    response = c.get(f"/os-quota-sets/{c.admin_project}", c.member)
    assert response.status_code == 403
    assert c.get(f"/os-quota-sets/{c.member_project}").status_code == 200  # an admin may


def test_limits_show_the_quotas_and_what_is_used(cinder) -> None:
    c = cinder()
    c.create(2, token=c.member)
    limits = c.get("/limits", c.member).json()["limits"]
    assert limits["rate"] == []
    assert limits["absolute"] == {
        "maxTotalVolumes": 10, "maxTotalSnapshots": 10, "maxTotalVolumeGigabytes": 1000, "maxTotalBackups": 10,
        "maxTotalBackupGigabytes": 1000, "totalVolumesUsed": 1, "totalGigabytesUsed": 2, "totalSnapshotsUsed": 0,
        "totalBackupsUsed": 0, "totalBackupGigabytesUsed": 0}


def test_exceeding_the_gigabytes_quota_is_413_over_limit(cinder) -> None:
    c = cinder("small-quota")
    c.create(2)
    response = c.create_request(4)
    assert response.status_code == 413
    assert response.headers["Retry-After"] == "0"
    assert response.json() == {"overLimit": {"code": 413, "retryAfter": "0", "message": (
        "VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. "
        "Requested 4G, quota is 5G and 2G has been consumed.")}}


def test_exceeding_the_volumes_quota_is_413_over_limit(cinder) -> None:
    c = cinder("small-quota")
    c.create(1)
    c.create(1)
    response = c.create_request(1)
    assert response.status_code == 413
    assert response.json()["overLimit"]["message"] == \
        "VolumeLimitExceeded: Maximum number of volumes allowed (2) exceeded for quota 'volumes'."


def test_deleted_volumes_give_their_quota_back_once_gone(cinder) -> None:
    c = cinder("small-quota")
    volume_id = c.create(5)["id"]
    c.advance()
    c.call("DELETE", f"/volumes/{volume_id}")
    assert c.create_request(1).status_code == 413  # still deleting
    c.advance()
    assert c.create_request(5).status_code == 202
