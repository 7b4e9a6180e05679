"""Keystone (identity): v3 and the v2.0 token API, as Newton's Keystone answered them."""
