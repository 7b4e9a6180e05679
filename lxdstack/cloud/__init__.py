"""The embedded cloud: an emulator speaking the OpenStack REST APIs on loopback.

Nothing in this package imports the suite (the rest of `lxdstack`): the suite reaches the cloud only over HTTP,
like any other cloud, so its verdicts on the embedded cloud mean something.
"""
