"""Helpers for the compute hosts' LXD sockets: find them through the control API, talk raw HTTP to them."""

from __future__ import annotations

import http.client
import json
import socket
from typing import Any

import pytest


def _hosts(api, token: str) -> dict[str, dict[str, Any]]:
    """The control API's hosts, by name."""
    response = api.request("GET", "/_lxdstack/hosts", token)
    assert response.status_code == 200, response.text
    return {host["name"]: host for host in response.json()["hosts"]}


def _raw(socket_path: str, method: str, path: str) -> tuple[int, dict[str, Any]]:
    """One HTTP request over the unix socket, as the `lxc` client would send it."""
    connection = http.client.HTTPConnection("localhost", timeout=10)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(10)
    sock.connect(socket_path)
    connection.sock = sock
    try:
        connection.request(method, path)
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


@pytest.fixture
def admin_of(password: str):
    """The admin token of a cloud started with `start_cloud`."""
    return lambda api: api.token("admin", password, project="admin")


@pytest.fixture
def hosts():
    """`hosts(api, token)`: the control API's hosts of that cloud, by name."""
    return _hosts


@pytest.fixture
def raw():
    """`raw(socket_path, method, path)`: (status, JSON body) of one request over a host's LXD socket."""
    return _raw
