"""The SQLite project file: schema, migrations, repositories, backups, locking."""

from govcat_desktop.storage.errors import ProjectFileError
from govcat_desktop.storage.project_file import APPLICATION_ID, SCHEMA_VERSION, ProjectFile

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "ProjectFile", "ProjectFileError"]
