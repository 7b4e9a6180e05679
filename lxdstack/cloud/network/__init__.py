"""Neutron (network) v2.0 as Newton's ML2/Open vSwitch deployment served it: networks, subnets, ports, routers,
security groups and agents (routes.py lists them; anything else answers 501)."""
