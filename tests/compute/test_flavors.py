"""The flavors the cloud must have, exactly as the expectations file (the seed's post) defines them."""

import allure
import pytest

pytestmark = [allure.feature("Compute"), allure.story("Flavors"), pytest.mark.requires("compute")]

FIELDS = (("ram", "ram"), ("disk", "disk"), ("ephemeral", "ephemeral"), ("vcpus", "vcpus"), ("public", "is_public"))


@allure.id("compute-flavor-matches")
def test_flavor_matches_expectations(flavor_name, expected_flavor, compute, admin_cloud):
    found = admin_cloud.compute.find_flavor(flavor_name, ignore_missing=True)
    if found is None:
        names = sorted(f.name for f in admin_cloud.compute.flavors(is_public=None))
        pytest.fail(f"flavor {flavor_name} is missing; the cloud has: {', '.join(names) or 'none'}")
    drift = [f"{label} {getattr(found, attribute)!r} (expected {getattr(expected_flavor, label)!r})"
             for label, attribute in FIELDS if getattr(found, attribute) != getattr(expected_flavor, label)]
    assert not drift, f"flavor {flavor_name} drifted from the expectations: " + ", ".join(drift)
