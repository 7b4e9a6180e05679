"""The resource waiter, on scripted resources: ready, failure with the cloud's fault, vanished, timeout."""

from types import SimpleNamespace

import pytest

from lxdstack.errors import CloudTimeout, ResourceFailed, ResourceVanished
from lxdstack.resources import wait_for_gone, wait_for_status


def scripted(*states):
    """A fetch that returns these states one after the other, then keeps the last."""
    remaining = list(states)

    def fetch():
        return remaining.pop(0) if len(remaining) > 1 else remaining[0]
    return fetch


def server(status, fault=None):
    return SimpleNamespace(status=status, fault=fault)


def test_returns_the_resource_once_ready():
    ready = wait_for_status(scripted(server("BUILD"), server("ACTIVE")), "server s", "ACTIVE", timeout=5,
                            interval=0.001)
    assert ready.status == "ACTIVE"


def test_error_fails_at_once_with_the_clouds_fault():
    fault = {"code": 500, "message": "Unsupport LXD storage detected."}
    with pytest.raises(ResourceFailed) as caught:
        wait_for_status(scripted(server("BUILD"), server("ERROR", fault)), "server s", "ACTIVE", timeout=60,
                        interval=0.001)
    assert str(caught.value) == "server s went to ERROR: Unsupport LXD storage detected."
    assert caught.value.fault == fault


def test_a_vanished_resource_is_named():
    with pytest.raises(ResourceVanished, match="server s disappeared"):
        wait_for_status(scripted(server("BUILD"), None), "server s", "ACTIVE", timeout=5, interval=0.001)


def test_timeout_names_the_resource_and_its_last_status():
    with pytest.raises(CloudTimeout, match=r"waiting for server s to become ACTIVE \(status BUILD\)"):
        wait_for_status(scripted(server("BUILD")), "server s", "ACTIVE", timeout=0.2, interval=0.01)


def test_gone_and_not_gone():
    wait_for_gone(scripted(server("ACTIVE"), None), "server s", timeout=5, interval=0.001)
    with pytest.raises(CloudTimeout, match=r"to be deleted \(status ACTIVE\)"):
        wait_for_gone(scripted(server("ACTIVE")), "server s", timeout=0.2, interval=0.01)
