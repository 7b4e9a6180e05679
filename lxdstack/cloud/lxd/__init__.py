"""Each compute host's LXD: the part of its REST API pylxd needs, on a unix socket of the running cloud."""
