"""The platform under OpenStack: the LXD daemons Juju deployed on and nova-lxd runs on.

Every check reads LXD through one interface (`lxd_api.LxdApi`: GET a `/1.0/...` path, get its `metadata`),
whether the daemon is reached over a unix socket, over HTTPS with a client certificate, through a Juju unit, or
is the embedded cloud's stand-in; the checks themselves work on the plain documents, so real and embedded LXD go
through the same code.
"""
