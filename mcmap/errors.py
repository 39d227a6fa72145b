"""Exceptions the library raises; the CLI turns each into a one-line message and an exit code."""

from __future__ import annotations


class McmapError(Exception):
    """Base class: a problem the user can act on (exit code 1 unless a subclass says otherwise)."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} (hint: {self.hint})"


class UsageError(McmapError):
    """The command was asked for something that cannot be done as given (exit code 2)."""

    exit_code = 2


class InputError(McmapError):
    """A user file could not be read or parsed (exit code 1)."""

    exit_code = 1


class DataError(McmapError):
    """Packaged or user-supplied reference data is missing or broken (exit code 3)."""

    exit_code = 3
