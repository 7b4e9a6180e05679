#!/usr/bin/python3
"""nova-compute with the lab LXD driver (virt/lablxd.py), for Debian's packaged Nova, changing no file of the system.

    /usr/bin/python3 lab/novalxd/nova_compute.py --config-file nova-lxd1.conf     (compute_driver = lablxd.LabLxdDriver)

Nova loads `compute_driver` as `nova.virt.<value>`, so a module that is merely on PYTHONPATH is not found ("No module
named 'nova.virt.lablxd'"). nova-lxd shipped itself inside the `nova.virt` package for that reason. Here the package's
search path gets one more folder, this file's virt/, before nova-compute starts: the same import then finds the lab
driver. Importing nova.cmd.compute first keeps Nova's order: its package monkey-patches eventlet before anything else.
"""

import importlib
import os
import sys

from nova.cmd import compute  # nova.cmd's __init__ patches eventlet first: it must be the first of Nova's imports

importlib.import_module("nova.virt").__path__.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), "virt"))

if __name__ == "__main__":
    sys.exit(compute.main())
