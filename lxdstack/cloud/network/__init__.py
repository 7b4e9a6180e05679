"""Neutron (network). For now: version discovery only; every other route answers 501."""
