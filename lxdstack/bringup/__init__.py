"""Bring a cloud up as the seed does: LXD, Juju, the bundle, the post-deploy steps, credentials."""
