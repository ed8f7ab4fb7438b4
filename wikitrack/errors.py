"""Our own exceptions. Core code raises these; only `cli` turns them into exit codes."""

__all__ = [
    "WikitrackError",
    "ConfigError",
    "InputError",
    "WikiError",
    "ProviderError",
    "LockHeld",
    "StorageError",
    "SiteMismatch",
    "OverBudget",
    "EXIT_OK",
    "EXIT_FAILURE",
    "EXIT_USAGE",
    "EXIT_PARTIAL",
    "EXIT_LOCKED",
    "EXIT_INTERRUPTED",
    "CheckInterrupted",
]

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3
EXIT_LOCKED = 11
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a Ctrl-C


class WikitrackError(Exception):
    """Base class; `exit_code` is what the CLI exits with."""

    exit_code = EXIT_FAILURE


class ConfigError(WikitrackError):
    """The configuration file or the command line is wrong."""

    exit_code = EXIT_USAGE


class InputError(WikitrackError):
    """Bad input: a malformed watchlist, an unknown area or ID, a refused transition.

    `problems` holds every problem found, so one run reports all of them.
    """

    exit_code = EXIT_USAGE

    def __init__(self, message: str, problems: list[str] | None = None, *, private: bool = False):
        super().__init__(message)
        self.problems = problems or []
        # Problems that quote personal data (a BSN the guideline check found) are shown on the
        # terminal that asked, never written to the log.
        self.private = private

    def log_text(self) -> str:
        """What the log may keep: the message, and the problems unless they are private."""
        if self.private and self.problems:
            return f"{super().__str__()} ({len(self.problems)} problem(s) shown, not logged)"
        return str(self)

    def __str__(self) -> str:
        head = super().__str__()
        if not self.problems:
            return head
        return head + "\n" + "\n".join(f"  {p}" for p in self.problems)


class WikiError(WikitrackError):
    """The wiki could not be reached, refused a login, or answered with an error."""


class ProviderError(WikitrackError):
    """The single sign-on provider (`[web] issuer`) could not be reached or answered wrongly."""


class OverBudget(WikiError):
    """Parsing a page took longer, or needed more memory, than its bound (`check.pool`)."""


class LockHeld(WikitrackError):
    """Another run holds the lock."""

    exit_code = EXIT_LOCKED


class StorageError(WikitrackError):
    """The database or its disk failed: damaged, full, or made by a newer wikitrack."""


class SiteMismatch(WikiError):
    """The wiki is not the one the database describes (another wiki, or one reinstalled)."""

    exit_code = EXIT_USAGE


class CheckInterrupted(KeyboardInterrupt):
    """Ctrl-C during a check run, after `saved` pages were stored whole; the next run goes on
    from there. Still a KeyboardInterrupt, so whatever stops on Ctrl-C stops on it."""

    def __init__(self, saved: int):
        super().__init__(saved)
        self.saved = saved
