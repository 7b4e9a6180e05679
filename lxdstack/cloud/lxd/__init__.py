"""The LXD of each host the embedded cloud pretends to have: the compute hosts and the machine Juju deployed on,
each on a unix socket of the running cloud, answering the part of LXD's REST API the suite and nova-lxd read."""
