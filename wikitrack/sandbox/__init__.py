"""A local MediaWiki for tests, the demo and training, never the real Wikipedia.

Debian's `mediawiki` package, a SQLite database in a data dir of its own, PHP's built-in server on
127.0.0.1 and a free port. Accounts:

- the admin `Beheerder` (moves and deletions in `simulate`);
- the team account `Anouk-GemeenteAlmere` with bot rights (apihighlimits), logging in through a
  BotPassword exactly as on nl.wikipedia: A. de Vries's own, and the one wikitrack reads with;
- `Bram-GemeenteAlmere`, the personal account of a second desk editor (B. Bos), so that each
  person applies corrections through their own account;
- ordinary editors `Pieter Bakker`, `Fatima El Amrani` and `Kees Jansen`.

Their secrets live in `<dir>/secrets.json` (mode 0600) and in the generated pywikibot password file
(0600). `status` shows accounts, never secrets.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wikitrack.errors import WikitrackError
from wikitrack.files import write_private
from wikitrack.sandbox.actor import Actor
from wikitrack.sandbox.seed import build_dump, iter_seed_pages

__all__ = [
    "Sandbox",
    "SandboxError",
    "TEAM_USER",
    "SECOND_TEAM_USER",
    "TEAM_USERS",
    "ADMIN_USER",
    "EDITORS",
    "MEDIAWIKI_DIR",
]

MEDIAWIKI_DIR = Path(os.environ.get("WIKITRACK_MEDIAWIKI_DIR", "/usr/share/mediawiki"))
ADMIN_USER = "Beheerder"
TEAM_USER = "Anouk-GemeenteAlmere"
SECOND_TEAM_USER = "Bram-GemeenteAlmere"
TEAM_USERS = (TEAM_USER, SECOND_TEAM_USER)  # each one person's, both in the password file
EDITORS = ("Pieter Bakker", "Fatima El Amrani", "Kees Jansen")
APP_ID = "wikitrack"
GRANTS = "basic,editpage,createeditmovepage,editmywatchlist,viewmywatchlist,highvolume"
ADMIN_GRANTS = GRANTS + ",delete,editprotected,protect"
_BOTPASSWORD_ALPHABET = "0123456789abcdefghijklmnopqrstuvw"  # MediaWiki's own format

EXTRA_SETTINGS = """
# --- added by wikitrack sandbox ---
$wgServer = 'http://127.0.0.1:' . (getenv('WIKITRACK_SANDBOX_PORT') ?: '80');
$wgGroupPermissions['*']['noratelimit'] = true;
$wgGroupPermissions['*']['createaccount'] = false;
$wgUsePrivateIPs = true;
$wgCdnServers = [ '127.0.0.1' ];
$wgEnableBotPasswords = true;
$wgRCMaxAge = 90 * 24 * 3600;
$wgJobRunRate = 1;
$wgShowExceptionDetails = true;
"""


class SandboxError(WikitrackError):
    pass


@dataclass(frozen=True)
class SandboxStatus:
    running: bool
    url: str
    api_url: str
    port: int
    pid: int | None
    data_dir: Path
    accounts: dict[str, str]


def _free_port(preferred: int | None = None) -> int:
    for port in ([preferred] if preferred else []) + [0]:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(s.getsockname()[1])
    raise SandboxError("no free port on 127.0.0.1")


def _botpassword_secret() -> str:
    return "".join(secrets.choice(_BOTPASSWORD_ALPHABET) for _ in range(32))


class Sandbox:
    """One sandbox wiki living in `directory`."""

    def __init__(self, directory: Path):
        self.dir = Path(directory).resolve()
        self.settings = self.dir / "LocalSettings.php"
        self.pywikibot_dir = self.dir / "pywikibot"
        self._state_file = self.dir / "state.json"
        self._secrets_file = self.dir / "secrets.json"

    # -- state ----------------------------------------------------------------------------------

    def _state(self) -> dict[str, Any]:
        try:
            return dict(json.loads(self._state_file.read_text()))
        except (OSError, ValueError):
            return {}

    def _secrets(self) -> dict[str, Any]:
        try:
            return dict(json.loads(self._secrets_file.read_text()))
        except (OSError, ValueError) as e:
            raise SandboxError(
                f"{self._secrets_file}: sandbox not installed; run 'wikitrack sandbox start'"
            ) from e

    @property
    def installed(self) -> bool:
        return self.settings.exists() and self._secrets_file.exists()

    @property
    def port(self) -> int:
        return int(self._state().get("port", 0))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return self.url + "/api.php"

    def _pid_alive(self, pid: int | None) -> bool:
        if not pid:
            return False
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        # A zombie still answers kill(0); look at its state.
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            return stat.rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return True

    def _answers(self, timeout: float = 2.0) -> bool:
        import urllib.request

        try:
            with urllib.request.urlopen(  # noqa: S310 (our own loopback URL)
                self.api_url + "?action=query&meta=siteinfo&format=json", timeout=timeout
            ) as r:
                return b'"general"' in r.read()
        except OSError:
            return False

    def is_running(self) -> bool:
        state = self._state()
        return self._pid_alive(state.get("pid")) and bool(state.get("port")) and self._answers()

    def status(self) -> SandboxStatus:
        state = self._state()
        return SandboxStatus(
            running=self.is_running(),
            url=self.url,
            api_url=self.api_url,
            port=int(state.get("port", 0)),
            pid=state.get("pid"),
            data_dir=self.dir,
            accounts={
                ADMIN_USER: "admin",
                TEAM_USER: "team account (bot) of A. de Vries",
                SECOND_TEAM_USER: "team account of B. Bos",
                **{e: "editor" for e in EDITORS},
            },
        )

    # -- lifecycle --------------------------------------------------------------------------------

    def _php_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["MW_CONFIG_FILE"] = str(self.settings)
        env["WIKITRACK_SANDBOX_PORT"] = str(self.port or 80)
        return env

    def _maintenance(self, script: str, *args: str, stdin: bytes | None = None) -> str:
        cmd = ["php", str(MEDIAWIKI_DIR / "maintenance" / script), *args]
        proc = subprocess.run(
            cmd, env=self._php_env(), input=stdin, capture_output=True, timeout=600, check=False
        )
        if proc.returncode != 0:
            out = (proc.stdout + proc.stderr).decode("utf-8", "replace")[-2000:]
            raise SandboxError(f"{script} failed (exit {proc.returncode}): {out}")
        return proc.stdout.decode("utf-8", "replace")

    def install(self, progress: Callable[[str], None] = lambda s: None) -> None:
        """Create the wiki, its accounts and its seed content in an empty data dir."""
        if not (MEDIAWIKI_DIR / "maintenance" / "install.php").exists():
            raise SandboxError(
                f"MediaWiki not found in {MEDIAWIKI_DIR}: apt-get install "
                "mediawiki php-cli php-sqlite3 php-intl php-mbstring php-xml"
            )
        if shutil.which("php") is None:
            raise SandboxError("php not found: apt-get install php-cli")
        self.dir.mkdir(parents=True, exist_ok=True)
        port = _free_port()
        self._state_file.write_text(json.dumps({"port": port}))
        # hex: a password with a leading "-" would be read as an option by maintenance scripts
        admin_password = secrets.token_hex(16)
        self._maintenance(
            "install.php",
            "--dbtype=sqlite",
            f"--dbpath={self.dir / 'data'}",
            "--dbname=wiki",
            f"--server=http://127.0.0.1:{port}",
            "--scriptpath=",
            "--lang=nl",
            f"--pass={admin_password}",
            f"--confpath={self.dir}",
            "Almere Sandbox",
            ADMIN_USER,
        )
        os.chmod(self.settings, 0o600)
        with self.settings.open("a", encoding="utf-8") as f:
            f.write(EXTRA_SETTINGS)
            # Cookies ignore ports: two sandboxes on 127.0.0.1 with the same cookie names would
            # log each other's users out.
            f.write(f"$wgCookiePrefix = 'wt{secrets.token_hex(4)}';\n")
        progress("creating accounts")
        write_private(
            self._secrets_file, json.dumps(self._create_accounts(admin_password), indent=2)
        )
        progress("importing seed lemmas")
        dump = self.dir / "seed.xml"
        dump.write_text(build_dump(iter_seed_pages()), encoding="utf-8")
        self._maintenance("importDump.php", "--quiet", str(dump))
        self._maintenance("runJobs.php", "--quiet")
        self.write_pywikibot_dir()

    def _create_accounts(self, admin_password: str) -> dict[str, dict[str, str]]:
        """The team account (a bot) and the editors, each with a BotPassword; their secrets."""
        accounts: dict[str, dict[str, str]] = {
            ADMIN_USER: {"password": admin_password, "botpassword": _botpassword_secret()},
        }
        self._maintenance(
            "createAndPromote.php", "--force", "--sysop", "--bureaucrat", ADMIN_USER, admin_password
        )
        for user in (*TEAM_USERS, *EDITORS):
            accounts[user] = self._create_account(user)
        grants = ADMIN_GRANTS
        self._maintenance(
            "createBotPassword.php",
            "--appid",
            APP_ID,
            "--grants",
            grants,
            ADMIN_USER,
            accounts[ADMIN_USER]["botpassword"],
        )
        return accounts

    def _create_account(self, user: str) -> dict[str, str]:
        """One account with its BotPassword (the reading team account is a bot); its secrets."""
        password = secrets.token_hex(16)
        flags = ["--bot"] if user == TEAM_USER else []
        self._maintenance("createAndPromote.php", *flags, user, password)
        acc = {"password": password, "botpassword": _botpassword_secret()}
        self._maintenance(
            "createBotPassword.php", "--appid", APP_ID, "--grants", GRANTS, user, acc["botpassword"]
        )
        return acc

    def _add_missing_accounts(self) -> None:
        """A sandbox installed by an older wikitrack gets the team accounts it lacks."""
        known = self._secrets()
        missing = [u for u in TEAM_USERS if u not in known]
        if missing:
            known.update({u: self._create_account(u) for u in missing})
            write_private(self._secrets_file, json.dumps(known, indent=2))
            self.write_pywikibot_dir()

    def import_pages(self, xml: str) -> None:
        """Import an XML dump (fast bulk content for benchmarks)."""
        dump = self.dir / "import.xml"
        dump.write_text(xml, encoding="utf-8")
        self._maintenance("importDump.php", "--quiet", "--no-updates", str(dump))
        dump.unlink()

    def write_pywikibot_dir(self) -> None:
        """A user-config.py and 0600 password file for the team account, as an operator
        would write for nl.wikipedia (see user-config.py.example)."""
        accounts = self._secrets()
        d = self.pywikibot_dir
        d.mkdir(parents=True, exist_ok=True)
        os.chmod(d, 0o700)
        write_private(
            d / "user-config.py",
            (
                "# Generated by 'wikitrack sandbox start' for the local sandbox wiki.\n"
                f"family_files['sandbox'] = {self.api_url!r}\n"
                "family = 'sandbox'\nmylang = 'sandbox'\n"
                f"usernames['sandbox']['*'] = {TEAM_USER!r}\n"
                "password_file = 'user-password.cfg'\n"
                "put_throttle = 0\nminthrottle = 0\n"
                "max_retries = 2\nretry_wait = 1\nretry_max = 2\n"
            ),
        )
        write_private(
            d / "user-password.cfg",
            "".join(
                f"({user!r}, BotPassword({APP_ID!r}, {accounts[user]['botpassword']!r}))\n"
                for user in TEAM_USERS
            ),
        )

    def start(self, progress: Callable[[str], None] = lambda s: None) -> bool:
        """Start the server (installing first when needed). False when it already ran."""
        if self.is_running():
            return False
        if not self.installed:
            if self.dir.exists() and any(self.dir.iterdir()):
                raise SandboxError(
                    f"{self.dir} holds something that is not a complete sandbox; "
                    "'wikitrack sandbox reset' starts afresh"
                )
            self.install(progress)
        self._add_missing_accounts()
        state = self._state()
        port = _free_port(state.get("port"))
        if port != state.get("port"):
            state["port"] = port
            self._state_file.write_text(json.dumps(state))
            self.write_pywikibot_dir()
        progress(f"starting PHP on 127.0.0.1:{port}")
        env = self._php_env()
        env["PHP_CLI_SERVER_WORKERS"] = "4"
        log = open(self.dir / "server.log", "ab")  # noqa: SIM115 (handed to the child)
        proc = subprocess.Popen(
            ["php", "-S", f"127.0.0.1:{port}", "-t", str(MEDIAWIKI_DIR)],
            env=env,
            stdout=log,
            stderr=log,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        state["pid"] = proc.pid
        self._state_file.write_text(json.dumps(state))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise SandboxError(f"PHP server exited at once; see {self.dir / 'server.log'}")
            if self._answers(timeout=1):
                return True
            time.sleep(0.1)
        self.stop()
        raise SandboxError(f"the sandbox did not answer within 30 s; see {self.dir / 'server.log'}")

    def stop(self) -> bool:
        """Stop the server and every worker it forked. False when nothing ran."""
        state = self._state()
        pid = state.get("pid")
        if not self._pid_alive(pid):
            return False
        assert pid is not None
        for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(pid, sig)
            except ProcessLookupError:
                break
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline and self._group_alive(pid):
                try:
                    os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    pass
                time.sleep(0.05)
            if not self._group_alive(pid):
                break
        state.pop("pid", None)
        self._state_file.write_text(json.dumps(state))
        return True

    @staticmethod
    def _group_alive(pgid: int) -> bool:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z" and int(fields[2]) == pgid:
                return True
        return False

    def reset(self, progress: Callable[[str], None] = lambda s: None) -> None:
        self.stop()
        if self.dir.exists():
            shutil.rmtree(self.dir)
        self.start(progress)

    # -- people acting on the wiki ----------------------------------------------------------------

    def actor(self, user: str | None = None, *, ip: str | None = None) -> Actor:
        """An HTTP client editing as `user` (logged in with its BotPassword), or logged out
        from `ip` (sent as X-Forwarded-For; the sandbox trusts it from 127.0.0.1)."""
        if user is None:
            return Actor(self.api_url, ip=ip or "203.0.113.7")
        acc = self._secrets().get(user)
        if acc is None:
            raise SandboxError(f"no sandbox account '{user}'")
        return Actor(self.api_url, user=user, botpassword=(APP_ID, acc["botpassword"]))

    def simulate(self, day: int = 1) -> list[str]:
        from wikitrack.sandbox.simulate import simulate_day

        return simulate_day(self, day)
