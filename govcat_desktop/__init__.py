"""govcat — offline compiler of government data resource catalogs and sharing demand lists."""

__version__ = "0.1.0"
SPEC_VERSION = "2026.1"
