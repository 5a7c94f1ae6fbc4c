"""The bureau's workbooks: board (督办表), city-wide lists, work report, feedback and reply files, shared styles."""
