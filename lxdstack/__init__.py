"""Acceptance suite for OpenStack clouds deployed with Juju on LXD, and the embedded cloud to run it on."""

__version__ = "0.3.0"
