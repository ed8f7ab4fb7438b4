"""Other people on the sandbox wiki: a plain HTTP client, one per simulated editor.

wikitrack itself talks to wikis only through `wikitrack.wiki` (pywikibot). Simulated editors are
the world around it, including logged-out editors that pywikibot cannot play.
"""

from __future__ import annotations

import http.cookiejar
import json
import urllib.parse
import urllib.request
from typing import Any

__all__ = ["Actor", "ActorError"]


class ActorError(Exception):
    pass


class Actor:
    def __init__(
        self,
        api_url: str,
        *,
        user: str | None = None,
        botpassword: tuple[str, str] | None = None,
        ip: str | None = None,
    ):
        self.api_url = api_url
        self.user = user
        self.ip = ip
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self._csrf: str | None = None
        if user and botpassword:
            self._login(f"{user}@{botpassword[0]}", botpassword[1])

    def call(self, method: str = "GET", **params: Any) -> dict[str, Any]:
        params = {k: v for k, v in params.items() if v is not None}
        params.update(format="json", formatversion="2")
        data = urllib.parse.urlencode(params).encode()
        headers = {"User-Agent": "wikitrack-sandbox-actor/0.1"}
        if self.ip:
            headers["X-Forwarded-For"] = self.ip
        if method == "GET":
            req = urllib.request.Request(self.api_url + "?" + data.decode(), headers=headers)
        else:
            req = urllib.request.Request(self.api_url, data=data, headers=headers)
        with self._opener.open(req, timeout=60) as resp:
            out = json.loads(resp.read())
        if "error" in out:
            raise ActorError(f"{out['error'].get('code')}: {out['error'].get('info')}")
        return dict(out)

    def _login(self, name: str, password: str) -> None:
        token = self.call(action="query", meta="tokens", type="login")["query"]["tokens"][
            "logintoken"
        ]
        result = self.call("POST", action="login", lgname=name, lgpassword=password, lgtoken=token)[
            "login"
        ]
        if result.get("result") != "Success":
            raise ActorError(f"login as {name} failed: {result}")

    def csrf(self) -> str:
        if self._csrf is None:
            self._csrf = self.call(action="query", meta="tokens")["query"]["tokens"]["csrftoken"]
        return self._csrf

    def text(self, title: str) -> str:
        data = self.call(
            action="query", prop="revisions", titles=title, rvprop="content", rvslots="main"
        )
        page = data["query"]["pages"][0]
        if page.get("missing"):
            raise ActorError(f"page '{title}' does not exist")
        return str(page["revisions"][0]["slots"]["main"]["content"])

    def edit(
        self,
        title: str,
        text: str | None = None,
        summary: str = "",
        *,
        append: str | None = None,
        section: str | None = None,
        sectiontitle: str | None = None,
        minor: bool = False,
        baserevid: int | None = None,
    ) -> int:
        """Save and return the new revision ID (0 when nothing changed)."""
        params: dict[str, Any] = {
            "action": "edit",
            "title": title,
            "summary": summary,
            "token": self.csrf(),
        }
        if text is not None:
            params["text"] = text
        if append is not None:
            params["appendtext"] = append
        if section is not None:
            params["section"] = section
        if sectiontitle is not None:
            params["sectiontitle"] = sectiontitle
        if minor:
            params["minor"] = 1
        if baserevid:
            params["baserevid"] = baserevid
        result = self.call("POST", **params)["edit"]
        if result.get("result") != "Success":
            raise ActorError(f"edit of {title} failed: {result}")
        return int(result.get("newrevid", 0))

    def move(self, old: str, new: str, reason: str = "") -> None:
        self.call(
            "POST",
            action="move",
            **{"from": old},
            to=new,
            reason=reason,
            movetalk=1,
            token=self.csrf(),
        )

    def delete(self, title: str, reason: str = "") -> None:
        self.call("POST", action="delete", title=title, reason=reason, token=self.csrf())

    def undelete(self, title: str, reason: str = "") -> None:
        self.call("POST", action="undelete", title=title, reason=reason, token=self.csrf())

    def page_id(self, title: str) -> int | None:
        page = self.call(action="query", titles=title)["query"]["pages"][0]
        return None if page.get("missing") else int(page["pageid"])

    def last_revid(self, title: str) -> int:
        page = self.call(action="query", prop="info", titles=title)["query"]["pages"][0]
        return int(page.get("lastrevid", 0))
