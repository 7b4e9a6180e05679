"""Reading a v3-shaped service catalog (keystoneauth's `normalize_catalog()` gives one for v2.0 logins too)."""

from __future__ import annotations

from typing import Any


def service_types(catalog: list[dict[str, Any]]) -> list[str]:
    return sorted({entry.get("type", "?") for entry in catalog})


def _interface(endpoint: dict[str, Any]) -> str:
    # A v2.0 catalog, even normalised, names interfaces publicURL/internalURL/adminURL.
    return endpoint.get("interface", "?").removesuffix("URL")


def endpoints(catalog: list[dict[str, Any]], service_type: str, region: str) -> dict[str, list[str]]:
    """URLs of a service type in a region, by interface (public, internal, admin)."""
    found: dict[str, list[str]] = {}
    for entry in catalog:
        if entry.get("type") != service_type:
            continue
        for endpoint in entry.get("endpoints", []):
            if region in (endpoint.get("region_id"), endpoint.get("region")):
                found.setdefault(_interface(endpoint), []).append(endpoint.get("url", ""))
    return found
