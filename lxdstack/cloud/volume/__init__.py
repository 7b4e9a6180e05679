"""Cinder (block storage) Newton: volumes v3 (microversions 3.0-3.15) and v2, user messages, services, types,
quotas and limits. Other routes answer 501."""
