"""The log file (`log_file` in the config): what each run did, for the morning after.

cron mails only what reaches stderr, and that is kept to one line per problem; the details,
tracebacks included, go here. The file is rotated by size (`logging.handlers`), so years of
nightly runs never fill the disk.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from wikitrack.errors import ConfigError

__all__ = ["LOGGER_NAME", "open_log"]

LOGGER_NAME = "wikitrack"
MAX_BYTES = 1_000_000
BACKUPS = 5


def open_log(path: Path | None) -> logging.Logger:
    """The `wikitrack` logger writing to `path` (rotated), or to nothing when `path` is None.

    Idempotent per path: a second call with another path (tests, `init`) moves the log there.
    Nothing goes to the terminal: the logger does not propagate, and a disabled log gets a
    NullHandler so Python's last-resort handler never prints a traceback.
    """
    log = logging.getLogger(LOGGER_NAME)
    log.setLevel(logging.INFO)
    log.propagate = False
    wanted = str(path.resolve()) if path else None
    if any(getattr(h, "baseFilename", None) == wanted for h in log.handlers):
        return log
    for old in list(log.handlers):
        log.removeHandler(old)
        old.close()
    if path is None:
        log.addHandler(logging.NullHandler())
        return log
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # The log names people and lemmas: readable by the service account only (0600), also
        # when the rotation starts a new file.
        path.touch(mode=0o600, exist_ok=True)
        _private(path)
        handler: logging.Handler = _QuietRotatingHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError as e:
        raise ConfigError(f"log_file {path}: cannot write the log there ({e.strerror or e})") from e
    handler.setFormatter(logging.Formatter("%(asctime)s [%(process)d] %(levelname)s %(message)s"))
    log.addHandler(handler)
    return log


class _QuietRotatingHandler(logging.handlers.RotatingFileHandler):
    """A rotating log that never prints Python's "--- Logging error ---" traceback to stderr
    (what cron mails) when the disk is full: the run goes on, and the log misses the line."""

    def _open(self):  # type: ignore[no-untyped-def]
        stream = super()._open()
        _private(Path(self.baseFilename))  # a rotated-in file too
        return stream

    def handleError(self, record: logging.LogRecord) -> None:
        pass


def _private(path: Path) -> None:
    if path.is_file():  # a regular file: never chmod a device such as /dev/null
        os.chmod(path, 0o600)
