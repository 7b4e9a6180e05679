"""`python -m lxdstack` is the `lxdstack` console script."""

import sys

from lxdstack.cli import main

sys.exit(main())
