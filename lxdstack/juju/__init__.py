"""The Juju side of a cloud: the model's health gate, credentials from its keystone, unit logs, LXD through units.

Everything here reaches Juju through its CLI, wrapped by Canonical's jubilant (Juju 3) or jubilant-backports
(Juju 2.9), picked by `juju version` (see `client`). Importing this package imports neither: `lxdstack juju-creds`
and the suite load only what a command needs.
"""
