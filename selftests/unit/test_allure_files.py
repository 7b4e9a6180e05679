"""History ids come from a test's stable `allure.id` and its parameters, so renaming or moving a test keeps its
history in the report; without an `allure.id`, allure-pytest's own history id is left alone."""

import json

from lxdstack.allure_files import stable_history_ids


def _result(tmp_path, file, full_name, as_id=None, **parameters):
    labels = [{"name": "suite", "value": "x"}] + ([{"name": "as_id", "value": as_id}] if as_id else [])
    result = {"name": full_name.split("#")[-1], "fullName": full_name, "historyId": f"allure-{full_name}",
              "testCaseId": f"allure-{full_name}", "labels": labels,
              "parameters": [{"name": k, "value": v} for k, v in parameters.items()]}
    (tmp_path / f"{file}-result.json").write_text(json.dumps(result))


def _ids(tmp_path, file):
    result = json.loads((tmp_path / f"{file}-result.json").read_text())
    return result["historyId"], result["testCaseId"]


def test_a_renamed_test_keeps_its_history_id(tmp_path):
    _result(tmp_path, "before", "tests.compute.test_services#test_hypervisor_type", "compute-hypervisor-type",
            host_name="'juju-7f3a21-0'")
    _result(tmp_path, "after", "tests.platform.test_hosts#test_hypervisor_has_the_expected_type",
            "compute-hypervisor-type", host_name="'juju-7f3a21-0'")
    assert stable_history_ids(tmp_path) == 2
    assert _ids(tmp_path, "before") == _ids(tmp_path, "after")
    assert not _ids(tmp_path, "after")[0].startswith("allure-")


def test_parameters_still_tell_cases_apart(tmp_path):
    _result(tmp_path, "host0", "t#test_flavor_boots", "compute-boot-matrix", flavor_name="'m1.tiny'", host_name="'a'")
    _result(tmp_path, "host1", "t#test_flavor_boots", "compute-boot-matrix", flavor_name="'m1.tiny'", host_name="'b'")
    stable_history_ids(tmp_path)
    (history0, case0), (history1, case1) = _ids(tmp_path, "host0"), _ids(tmp_path, "host1")
    assert history0 != history1 and case0 == case1


def test_results_without_a_stable_id_keep_allures_own(tmp_path):
    _result(tmp_path, "plain", "t#test_plain")
    assert stable_history_ids(tmp_path) == 0
    assert _ids(tmp_path, "plain") == ("allure-t#test_plain", "allure-t#test_plain")
