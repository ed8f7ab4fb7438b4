"""The web view's pages through Flask's test client over a small store filled through the app's
own use cases (sync and check on the FakeWiki, review requests as the CLI files them): no
MediaWiki, no browser. The review form, Mijn verzoeken and its steps, the lemma page, Mijn
terrein, the worklist, logging in and out, and what an attacker types shown escaped. Issue 27:
the pages call the same use cases as the CLI, so what one files the other sees.
The same in real Chromium against the sandbox: tests/test_web.py."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

from wikitrack.access.logins import add_user
from wikitrack.app.context import Context
from wikitrack.app.correcting import list_reviews, request_review, show_review
from wikitrack.app.signins import find_web_session
from wikitrack.app.triage import list_worklist
from wikitrack.app.watching import check_once, sync_all_watchlists
from wikitrack.config import Config, load_config
from wikitrack.texts import say
from wikitrack.web.flask_app import create_app
from wikitrack.web.sessions import session_key

from .fakewiki import FakeWiki
from .test_check_fake import ARTICLE

PASSWORD = "een-lang-wachtwoord"
SCRIPT = "<script>alert('x')</script>"
ODD_TITLE = 'Haven & "De Kade"'  # a title the wiki allows that HTML does not take as it is
CONFIG = """log_file = "wikitrack.log"
[database]
path = "wikitrack.db"
[wiki]
url = "http://fake.example/api.php"
[mail]
sender = "wikitrack@almere.example"
desk = ["redactie@almere.example"]
[[people]]
name = "A. de Vries"
role = "desk"
[[people]]
name = "J. Smit"
role = "policy"
areas = ["haven"]
[[people]]
name = "K. Visser"
role = "policy"
areas = ["buiten"]
"""
LOGINS = {"avries": "A. de Vries", "jsmit": "J. Smit", "kvisser": "K. Visser"}


def _project(root: Path, wiki: FakeWiki) -> Context:
    (root / "watchlists").mkdir(parents=True)
    for slug, titles in (("haven", ["Haven", ODD_TITLE]), ("buiten", ["Buiten"])):
        (root / "watchlists" / f"{slug}.toml").write_text(
            f'name = "{slug.title()}"\ncontacts = ["{slug}@almere.example"]\n'
            + "".join(f"[[lemma]]\ntitle = '{t}'\n" for t in titles),
            encoding="utf-8",
        )
    (root / "wikitrack.toml").write_text(CONFIG, encoding="utf-8")
    return Context(config_path=root / "wikitrack.toml", quiet=True, wiki_factory=lambda c: wiki)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synced and twice-checked project: an outsider edited the lemmas (Haven's infobox, with
    a summary that is a script) between the checks; the three staff have logins. Built once,
    copied for each test."""
    root = tmp_path_factory.mktemp("built")
    wiki = FakeWiki()
    pieter = wiki.actor("Pieter Bakker")
    for title in ("Haven", ODD_TITLE, "Buiten"):
        pieter.edit(title, ARTICLE.format(name=title), "nieuw")
    ctx = _project(root, wiki)
    sync_all_watchlists(ctx)
    check_once(ctx)  # the baseline
    mallory = wiki.actor("Mallory")
    mallory.edit("Haven", mallory.text("Haven").replace("1.000", "9.999"), SCRIPT)
    mallory.edit(ODD_TITLE, mallory.text(ODD_TITLE).replace("1990", "1991"), "jaar")
    mallory.edit("Buiten", mallory.text("Buiten").replace("1990", "1992"), "Buiten bijgewerkt")
    check_once(ctx)
    for login, name in LOGINS.items():
        add_user(root / "web-users.json", ctx.config.people, login, name, PASSWORD)
    ctx.close_db()
    return root


@pytest.fixture
def site(built: Path, tmp_path: Path) -> Any:
    """This test's own copy of the project: its Context (as the CLI's) and the web's config."""
    root = tmp_path / "project"
    shutil.copytree(built, root)
    ctx = Context(config_path=root / "wikitrack.toml", quiet=True)
    yield ctx, load_config(root / "wikitrack.toml")
    ctx.close_db()


def _token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, page[:500]
    return found.group(1)


def client_of(config: Config, login: str) -> Any:
    """A test client logged in as `login`, with its session's CSRF token."""
    client = create_app(config, "test-secret").test_client()
    token = _token(client.get("/inloggen").get_data(as_text=True))
    data = {"csrf_token": token, "gebruikersnaam": login, "wachtwoord": PASSWORD}
    assert client.post("/inloggen", data=data).status_code == 302
    client.token = _token(client.get("/review-aanvragen").get_data(as_text=True))
    return client


def post(client: Any, path: str, **data: str) -> Any:
    return client.post(path, data={"csrf_token": client.token, **data})


def text_of(client: Any, path: str) -> str:
    answer = client.get(path)
    assert answer.status_code == 200, (path, answer.status_code)
    return str(answer.get_data(as_text=True))


def file(ctx: Context, reason: str = "Het inwonertal klopt niet", lemma: str = "Haven") -> int:
    """A request filed as the CLI files it."""
    return request_review(
        ctx, lemma=lemma, area="haven", by="J. Smit", reason=reason, due=None
    ).request_id


def said(key: str, **fields: object) -> str:
    """A Dutch string as a page shows it (escaped)."""
    return str(escape(say("nl", key, **fields)))


# -- the review form ----------------------------------------------------------------------------


def test_the_review_form_speaks_dutch_and_offers_the_areas_own_lemmas(site):
    _, config = site
    page = text_of(client_of(config, "jsmit"), "/review-aanvragen")
    assert 'lang="nl"' in page and "<h1>Controle aanvragen</h1>" in page
    assert ">Haven<" in page and ">Buiten<" not in page  # J. Smit's area only


def test_a_valid_request_is_filed_in_the_viewers_name_from_the_web(site):
    ctx, config = site
    client = client_of(config, "jsmit")
    form = {"terrein": "haven", "lemma": "Haven", "reden": "Klopt het inwonertal?"}
    answer = post(client, "/review-aanvragen", **form, streefdatum="")
    assert answer.status_code == 302 and answer.location.endswith("/mijn-verzoeken")
    (filed,) = list_reviews(ctx)
    assert (filed.title, filed.area, filed.requested_by) == ("Haven", "haven", "J. Smit")
    assert (filed.reason, filed.source, filed.status) == ("Klopt het inwonertal?", "web", "open")
    shown = text_of(client, "/mijn-verzoeken")
    assert said("request_filed", number=filed.id, title="Haven") in shown


@pytest.mark.parametrize(
    ("reason", "key"),
    [("", "form_reason"), ("Bel mij op 0612345678", "form_reason_personal")],
)
def test_an_empty_reason_or_personal_data_is_refused_with_its_message(site, reason, key):
    ctx, config = site
    client = client_of(config, "jsmit")
    answer = post(client, "/review-aanvragen", terrein="haven", lemma="Haven", reden=reason)
    assert answer.status_code == 400
    assert said(key) in answer.get_data(as_text=True)
    assert list_reviews(ctx) == []


def test_a_lemma_of_someone_elses_area_is_unknown_to_the_form(site):
    ctx, config = site
    client = client_of(config, "jsmit")
    answer = post(client, "/review-aanvragen", terrein="buiten", lemma="Buiten", reden="Kijk")
    assert answer.status_code == 400
    assert said("form_area") in answer.get_data(as_text=True)
    assert list_reviews(ctx) == []


def test_a_request_like_an_open_one_from_the_cli_asks_first(site):
    ctx, config = site
    number = file(ctx, "Klopt het inwonertal?")
    client = client_of(config, "jsmit")
    form = {"terrein": "haven", "lemma": "Haven", "reden": "Klopt het inwonertal?"}
    again = post(client, "/review-aanvragen", **form)
    assert again.status_code == 400
    assert said("form_duplicate", number=number) in again.get_data(as_text=True)
    assert post(client, "/review-aanvragen", **form, toch="ja").status_code == 302
    assert len(list_reviews(ctx)) == 2


# -- Mijn verzoeken -----------------------------------------------------------------------------


def test_the_requests_page_lists_a_persons_own_and_the_desk_sees_all(site):
    ctx, config = site
    number = file(ctx, "Het bouwjaar klopt niet")
    assert "Het bouwjaar klopt niet" in text_of(client_of(config, "jsmit"), "/mijn-verzoeken")
    assert "Het bouwjaar klopt niet" in text_of(client_of(config, "avries"), "/mijn-verzoeken")
    other = text_of(client_of(config, "kvisser"), "/mijn-verzoeken")
    assert "Het bouwjaar klopt niet" not in other and f"#{number}" not in other


def test_the_desk_assigns_and_handles_a_request_after_confirming(site):
    ctx, config = site
    number = file(ctx)
    desk = client_of(config, "avries")
    assigned = post(desk, f"/verzoeken/{number}", actie="toewijzen", behandelaar="a. de vries")
    assert assigned.status_code == 302
    assert show_review(ctx, number).review.assignee == "A. de Vries"  # as [[people]] writes it
    closing = {"actie": "afhandelen", "uitkomst": "Gecorrigeerd"}
    asked = post(desk, f"/verzoeken/{number}", **closing)
    assert asked.status_code == 200 and show_review(ctx, number).review.status == "assigned"
    assert post(desk, f"/verzoeken/{number}", **closing, bevestigd="ja").status_code == 302
    trail = show_review(ctx, number)
    assert (trail.review.status, trail.review.outcome) == ("done", "Gecorrigeerd")
    assert [e.to_status for e in trail.events] == ["open", "assigned", "done"]


def test_policy_staff_cannot_take_the_desks_steps(site):
    ctx, config = site
    number = file(ctx)
    client = client_of(config, "jsmit")
    answer = post(client, f"/verzoeken/{number}", actie="toewijzen", behandelaar="A. de Vries")
    assert answer.status_code == 404
    assert show_review(ctx, number).review.status == "open"


def test_the_requester_changes_and_then_withdraws_their_request(site):
    ctx, config = site
    number = file(ctx)
    client = client_of(config, "jsmit")
    edited = post(client, f"/verzoeken/{number}/wijzigen", reden="Ook de kaart", streefdatum="")
    assert edited.status_code == 302
    assert show_review(ctx, number).review.reason == "Ook de kaart"
    assert post(client, f"/verzoeken/{number}", actie="intrekken").status_code == 200  # asks
    assert show_review(ctx, number).review.status == "open"
    assert (
        post(client, f"/verzoeken/{number}", actie="intrekken", bevestigd="ja").status_code == 302
    )
    assert show_review(ctx, number).review.status == "withdrawn"
    assert said("request_withdrawn", number=number) in text_of(client, "/mijn-verzoeken")


# -- the lemma page and Mijn terrein ------------------------------------------------------------


def test_the_lemma_page_shows_the_change_with_its_summary_escaped(site):
    ctx, config = site
    file(ctx, f"Zie {SCRIPT}")
    page = text_of(client_of(config, "jsmit"), "/lemma/Haven")
    assert "Mallory" in page and "9.999" in page
    assert SCRIPT not in page and "&lt;script&gt;" in page  # the summary and the request's reason


def test_a_title_with_markup_characters_is_escaped_on_every_page(site):
    _, config = site
    client = client_of(config, "jsmit")
    for path in ("/mijn-terrein", f"/lemma/{ODD_TITLE}"):
        page = text_of(client, path)
        assert escape(ODD_TITLE) in page and ODD_TITLE not in page, path


def test_a_lemma_of_another_area_is_not_found(site):
    _, config = site
    client = client_of(config, "jsmit")
    assert client.get("/lemma/Buiten").status_code == 404
    assert client.get("/lemma/Nergens").status_code == 404
    assert "Buiten bijgewerkt" in text_of(client_of(config, "kvisser"), "/lemma/Buiten")


def test_my_area_shows_the_viewers_areas_changes_only(site):
    _, config = site
    policy = text_of(client_of(config, "jsmit"), "/mijn-terrein")
    assert "Mallory" in policy and "9.999" in policy and "Buiten bijgewerkt" not in policy
    desk = text_of(client_of(config, "avries"), "/mijn-terrein")
    assert "9.999" in desk and "Buiten bijgewerkt" in desk


# -- the worklist -------------------------------------------------------------------------------


def test_the_worklist_page_shows_the_items_of_the_viewers_areas(site):
    ctx, config = site
    items = list_worklist(ctx)
    assert items, "the check made no worklist items"
    desk = text_of(client_of(config, "avries"), "/werklijst")
    policy = text_of(client_of(config, "kvisser"), "/werklijst")
    for item in items:
        shown = escape(item.title)
        assert shown in desk
        assert (shown in policy) == ("buiten" in item.areas)


def test_a_desk_editor_claims_an_item_from_the_lemma_page(site):
    ctx, config = site
    (item, *_) = [i for i in list_worklist(ctx) if "haven" in i.areas]
    desk = client_of(config, "avries")
    answer = post(desk, f"/werklijst/{item.id}", actie="oppakken")
    assert answer.status_code == 302 and "#werklijst" in answer.location
    (claimed,) = [i for i in list_worklist(ctx) if i.id == item.id]
    assert (claimed.state, claimed.holder) == ("claimed", "A. de Vries")
    policy = client_of(config, "jsmit")
    assert post(policy, f"/werklijst/{item.id}", actie="afhandelen").status_code == 404


# -- logging in and out -------------------------------------------------------------------------


def test_a_visitor_must_log_in_and_cannot_write(site):
    ctx, config = site
    client = create_app(config, "test-secret").test_client()
    answer = client.get("/mijn-terrein")
    assert answer.status_code == 302 and "/inloggen" in answer.location
    form = {"terrein": "haven", "lemma": "Haven", "reden": "Kijk"}
    assert client.post("/review-aanvragen", data=form).status_code in (400, 403)
    assert list_reviews(ctx) == []


def test_a_wrong_password_is_refused_in_dutch(site):
    _, config = site
    client = create_app(config, "test-secret").test_client()
    token = _token(client.get("/inloggen").get_data(as_text=True))
    data = {"csrf_token": token, "gebruikersnaam": "jsmit", "wachtwoord": "niet-het-wachtwoord"}
    answer = client.post("/inloggen", data=data)
    assert answer.status_code == 401 and said("login_wrong") in answer.get_data(as_text=True)


def test_logging_out_ends_the_session_and_the_old_cookie_opens_nothing(site):
    ctx, config = site
    client = client_of(config, "jsmit")
    cookie = client.get_cookie("wikitrack_sessie")
    assert cookie is not None
    key = session_key(cookie.value)
    replay = create_app(config, "test-secret").test_client()
    replay.set_cookie("wikitrack_sessie", cookie.value)
    assert replay.get("/mijn-terrein").status_code == 200  # the cookie is the login
    answer = post(client, "/uitloggen")
    assert answer.status_code == 302 and "/inloggen" in answer.location
    assert find_web_session(ctx, key) is None
    again = replay.get("/mijn-terrein")
    assert again.status_code == 302 and "/inloggen" in again.location
    assert client.get("/mijn-terrein").status_code == 302


def test_logging_out_ends_the_logins_sessions_on_other_browsers_too(site):
    """Through the use case the `web-user` commands call (`app.signins.log_out`)."""
    _, config = site
    laptop, phone = client_of(config, "jsmit"), client_of(config, "jsmit")
    desk = client_of(config, "avries")
    assert post(laptop, "/uitloggen").status_code == 302
    answer = phone.get("/mijn-terrein")
    assert answer.status_code == 302 and "/inloggen" in answer.location
    assert desk.get("/mijn-terrein").status_code == 200  # another login's session holds
