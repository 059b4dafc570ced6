"""Errors a user can cause. The CLI turns each into one plain line on stderr and a non-zero exit."""


class KgError(Exception):
    """A user-facing error: its message is one plain line, no traceback is shown."""

    exit_code = 1


class IngestError(KgError):
    """A document could not be read or decoded; the build reports it and goes on."""


class NotFoundError(KgError):
    """An unknown entity, query, path or preset."""

    exit_code = 2
