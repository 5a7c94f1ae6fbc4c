"""Workbooks: stamped submission copies, editable copies (SPEC §6), imports; openpyxl writes, calamine reads."""
