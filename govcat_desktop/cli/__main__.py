"""`python -m govcat_desktop.cli` runs the CLI (tests and scripts)."""

import sys

from govcat_desktop.cli import main

sys.exit(main())
