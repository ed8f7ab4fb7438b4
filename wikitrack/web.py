"""`wikitrack serve`: runs the web view (wikitrack.webapp, under waitress) as a child process.

The shell around it: the session secret (a 0600 file, made once), a private temporary folder,
the port checked before anything says "serving", and the child stopped and the folder removed
however serve ends (Ctrl-C, SIGTERM, a failed bind).
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .config import Config
from .errors import ConfigError
from .files import write_private
from .webusers import load_users

__all__ = ["serve_command", "serve", "ensure_port_free"]


def serve_command(
    config: Config,
    *,
    host: str,
    port: int,
    users_file: Path,
    secret_file: Path,
    work: Path,
) -> tuple[list[str], dict[str, str]]:
    """The web server's command line and environment. The session secret travels in the
    environment, never on the command line (visible in `ps`); the child's temporary files
    (waitress spills large requests to disk) go to `work`, removed on every way out."""
    if not load_users(users_file):
        raise ConfigError(
            f"no web users in {users_file}: add one with "
            "'wikitrack web-user add LOGIN --name \"Person Name\"'"
        )
    if config.path is None:
        raise ConfigError("serve needs a config file (wikitrack init writes one)")
    if not secret_file.exists():
        write_private(secret_file, secrets.token_hex(32))
    cmd = [sys.executable, "-m", "wikitrack.webapp", str(config.path), host, str(port)]
    env = dict(
        os.environ,
        WIKITRACK_WEB_SECRET=secret_file.read_text().strip(),
        TMPDIR=str(work),
    )
    return cmd, env


def ensure_port_free(host: str, port: int) -> None:
    """Fail before anything says "serving" when the address cannot be bound."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as e:
            raise ConfigError(
                f"cannot serve on {host}:{port}: {e.strerror or e} (choose another --port)"
            ) from e


def serve(
    config: Config,
    *,
    host: str,
    port: int,
    on_ready: Callable[[], None] = lambda: None,
) -> int:
    """Run the web server until it stops, Ctrl-C or SIGTERM; returns its exit code (0 when stopped
    by a signal). The temporary folder is removed on every way out."""
    base = config.base_dir
    work = Path(tempfile.mkdtemp(prefix="wikitrack-web-"))
    os.chmod(work, 0o700)
    previous = signal.getsignal(signal.SIGTERM)
    proc: subprocess.Popen[bytes] | None = None

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        cmd, env = serve_command(
            config,
            host=host,
            port=port,
            users_file=base / "web-users.json",
            secret_file=base / "web-secret",
            work=work,
        )
        ensure_port_free(host, port)
        signal.signal(signal.SIGTERM, stop)
        proc = subprocess.Popen(cmd, env=env)  # noqa: S603 (our own command line)
        on_ready()
        try:
            return proc.wait()
        except KeyboardInterrupt:
            return 0
    finally:
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(work, ignore_errors=True)
