"""Rule engine: form-level rules from formspec plus cross-record rules, producing Findings."""

from govcat_desktop.validation.findings import Finding, Severity
from govcat_desktop.validation.engine import Validator, validate_project

__all__ = ["Finding", "Severity", "Validator", "validate_project"]
