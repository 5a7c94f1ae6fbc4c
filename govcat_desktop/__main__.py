"""`python -m govcat_desktop` runs the desktop app."""

import sys

from govcat_desktop.app import main

sys.exit(main())
