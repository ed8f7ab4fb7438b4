"""The log file (`log_file` in the config): what each run did, for the morning after.

cron mails only what reaches stderr, and that is kept to one line per problem; the details,
tracebacks included, go here. The file is rotated by size (`logging.handlers`), so years of
nightly runs never fill the disk.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

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
    for handler in list(log.handlers):
        log.removeHandler(handler)
        handler.close()
    if path is None:
        log.addHandler(logging.NullHandler())
        return log
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s [%(process)d] %(levelname)s %(message)s"))
    log.addHandler(handler)
    return log
