"""The few exception types of the project. Each carries a Vietnamese sentence a user can act on.

They become messages only at the edges: the command line (stderr + exit code) and the one error
helper of the pages.
"""

from __future__ import annotations


class DvcqError(Exception):
    """Base class: ``str(error)`` is the Vietnamese message for the user."""

    def __init__(self, message: str, **details: object) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class UnreadableFile(DvcqError):
    """The bytes are not a workbook we can read (wrong format, encrypted, empty, too large)."""


class DatabaseBusy(DvcqError):
    """Another process held the database for longer than we were willing to wait."""


class UnusableDatabase(DvcqError):
    """The database path holds no DuckDB database we can open (another kind of file, damaged, no folder)."""


class NotFound(DvcqError):
    """A submission, unit or user that does not exist."""


class NotAllowed(DvcqError):
    """An action the current state or role does not permit."""
