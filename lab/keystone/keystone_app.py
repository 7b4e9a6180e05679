"""WSGI entry point for the real-Keystone lane: `gunicorn keystone_app:application`.

Keystone no longer ships a `keystone-wsgi-public` script, so gunicorn needs a module to import.
"""

import os
import sys
from pathlib import Path

# oslo.config parses sys.argv when Keystone initialises; under gunicorn that is gunicorn's own
# command line ("--bind ..."), which it rejects, and every worker would crash-loop. Hide it.
sys.argv = [sys.argv[0]]

# Keystone reads <OS_KEYSTONE_CONFIG_DIR>/keystone.conf. Default to this lane's state folder
# (project root is two levels up) so the module works even if gunicorn's env was not passed on.
_STATE = Path(__file__).resolve().parents[2] / ".lanes" / "keystone"
os.environ.setdefault("OS_KEYSTONE_CONFIG_DIR", str(_STATE / "etc"))

from keystone.server import wsgi  # noqa: E402  (must come after the argv/env fix-ups above)

application = wsgi.initialize_public_application()
