"""Keypairs: the run's own public key, imported, is the key Nova reports."""

import allure
import pytest

pytestmark = [allure.feature("Compute"), allure.story("Keypairs"), pytest.mark.requires("compute")]


@allure.id("compute-keypair-import")
def test_imported_keypair_is_the_runs_key(compute, admin_cloud, keypair, run_key):
    found = admin_cloud.compute.get_keypair(keypair.name)
    assert found.public_key.split()[:2] == run_key.public_key.split()[:2]
    assert found.fingerprint == run_key.fingerprint
