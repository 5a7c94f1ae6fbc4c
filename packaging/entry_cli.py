"""Bundle entry point of `govcat` (the command line)."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the scan child (exchange/scan_child.py) is this executable, started by spawn
    from govcat_desktop.cli import main  # after freeze_support: a scan child never loads the app

    sys.exit(main())
