"""The web view's rules for what staff send and see (issue 23, points 4 and 8), through the
Flask test client on a synthetic history (2000 review requests), without a wiki: request
numbers in addresses, forms from other sites, failures in the log, typed texts, duplicate
requests, Alle verzoeken in pages, withdrawing and changing one's own request, confirming
before closing, the desk's own page names, the footer's address and talk pages marked.
The same in real Chromium, with axe: tests/test_web.py."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.history import fill
from wikitrack import store
from wikitrack.access.logins import add_user
from wikitrack.cli.output import render_rows
from wikitrack.config import load_config
from wikitrack.corrections import reviews
from wikitrack.corrections.workflow import log_review_request, review_transition
from wikitrack.errors import InputError
from wikitrack.web.flask_app import create_app

PASSWORD = "een-lang-wachtwoord"
PEOPLE = """
[[people]]
name = "A. de Vries"
role = "desk"
[[people]]
name = "J. Smit"
role = "policy"
areas = ["gebied3"]
[[people]]
name = "K. Visser"
role = "policy"
areas = ["gebied4"]
"""


@pytest.fixture
def site(tmp_path: Path):
    now = datetime.now(UTC).replace(microsecond=0)
    fill(tmp_path / "wikitrack.db", now, n_changes=1500, n_lemmas=40, years=1)
    (tmp_path / "wikitrack.toml").write_text(
        'log_file = "wikitrack.log"\n[wiki]\nurl = "https://nl.wikipedia.org/w/api.php"\n'
        '[mail]\nsender = "wikitrack@almere.nl"\ndesk = ["redactie@almere.nl"]\n' + PEOPLE
    )
    config = load_config(tmp_path / "wikitrack.toml")
    for login, name in (("avries", "A. de Vries"), ("jsmit", "J. Smit"), ("kvisser", "K. Visser")):
        add_user(tmp_path / "web-users.json", config.people, login, name, PASSWORD)
    db = store.open_db(config.db_path)
    yield db, config
    db.close()


def client_of(config, login: str):
    client = create_app(config, "test-secret").test_client()
    form = client.get("/inloggen").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token
    data = {"csrf_token": token.group(1), "gebruikersnaam": login, "wachtwoord": PASSWORD}
    assert client.post("/inloggen", data=data).status_code == 302
    # the session begins anew at login: the forms' token is the new session's
    page = client.get("/review-aanvragen").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    client.token = token.group(1)  # type: ignore[attr-defined]
    return client


def post(client, path: str, **data: str):
    return client.post(path, data={"csrf_token": client.token, **data})


def status_of(db, request_id: int) -> str:
    found = store.get_review(db, request_id)
    assert found is not None
    return found.status


def file_request(db, config, reason: str = "Het inwonertal klopt niet", **kw) -> int:
    return log_review_request(
        db, config, lemma="Lemma 3", area="gebied3", by="J. Smit", reason=reason, due=None, **kw
    )


# -- point 4: bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number", ["9223372036854775808", "１", "٣", "0", "01", "1234567890", "-1", "1.0"]
)
def test_a_request_number_is_ascii_digits_with_a_bound(site, number):
    db, config = site
    desk = client_of(config, "avries")
    before = [status_of(db, n) for n in (1, 3)]
    answer = post(desk, f"/verzoeken/{number}", actie="toewijzen", behandelaar="A. de Vries")
    assert answer.status_code == 404
    assert "Niet gevonden" in answer.get_data(as_text=True)
    assert [status_of(db, n) for n in (1, 3)] == before
    assert (
        post(desk, "/verzoeken/1999", actie="toewijzen", behandelaar="A. de Vries").status_code
        == 302
    )
    assert status_of(db, 1999) == "assigned"


def test_a_form_from_another_site_is_refused_even_with_its_token(site):
    db, config = site
    desk = client_of(config, "avries")
    form = {"csrf_token": desk.token, "actie": "toewijzen", "behandelaar": "A. de Vries"}
    for foreign in (
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Referer": "https://evil.example/verzoeken"},
        {"Origin": "http://localhost.evil.example"},
        {"Origin": "https://wikitrack.almere.nl"},  # not configured yet
    ):
        assert desk.post("/verzoeken/1990", data=form, headers=foreign).status_code == 403
    assert status_of(db, 1990) == "open"
    for own in ({"Origin": "http://localhost"}, {"Referer": "http://localhost/mijn-verzoeken"}, {}):
        assert desk.post("/verzoeken/1990", data=form, headers=own).status_code == 302
    assert status_of(db, 1990) == "assigned"
    # behind a proxy that rewrites the host: the configured public address
    assert config.path is not None
    config.path.write_text(
        config.path.read_text() + '[web]\npublic_url = "https://wikitrack.almere.nl/"\n'
    )
    config = load_config(config.path)
    desk = client_of(config, "avries")
    form["csrf_token"] = desk.token
    behind = {"Origin": "https://wikitrack.almere.nl"}
    assert desk.post("/verzoeken/1991", data=form, headers=behind).status_code == 302
    assert status_of(db, 1991) == "assigned"


def test_a_failing_page_is_logged_with_its_traceback(site, monkeypatch):
    from wikitrack.web import requests_page as page

    db, config = site
    client = client_of(config, "jsmit")

    def broken(*args, **kwargs):
        raise OverflowError("Python int too large to convert to SQLite INTEGER")

    monkeypatch.setattr(page, "request_page", broken)
    answer = client.get("/mijn-verzoeken")
    assert answer.status_code == 500
    text = answer.get_data(as_text=True)
    assert "Er ging iets mis" in text and "Traceback" not in text and "Overflow" not in text
    log = (config.base_dir / "wikitrack.log").read_text()
    assert "web: GET /mijn-verzoeken failed (OverflowError)" in log
    assert "Traceback (most recent call last)" in log and "in broken" in log


def test_typed_texts_have_one_rule_for_the_cli_and_the_web(site):
    db, config = site
    assert (
        reviews.typed_text("  Regel één\r\n\tRegel twee  ", "--reason") == "Regel één\n\tRegel twee"
    )
    for bad, problem in (("a\x00b", "control"), ("a\x1bb", "control"), ("x" * 60_000, "long")):
        with pytest.raises(reviews.TextError) as found:
            reviews.typed_text(bad, "--reason")
        assert found.value.problem == problem
    with pytest.raises(reviews.TextError, match="U\\+0000 at position 8"):
        file_request(db, config, reason="Zie CBS\x00")
    client = client_of(config, "jsmit")
    for reason, message in (
        ("Zie CBS\x00 en de gemeente", "onzichtbaar stuurteken"),
        ("x" * 60_000, "60000 tekens"),
    ):
        answer = post(client, "/review-aanvragen", terrein="gebied3", lemma="Lemma 3", reden=reason)
        assert answer.status_code == 400 and message in answer.get_data(as_text=True)
    assert store.open_reviews_of(db, "Lemma 3") == [
        r for r in store.open_reviews_of(db, "Lemma 3") if r.requested_by == "Beleid"
    ]
    # a NUL already in the database (filed before this rule) never reaches a CSV raw
    csv = render_rows([{"reason": "a\x00b\x1b\x7fc\r\nd"}], "csv")
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", csv.replace("\n", ""))
    assert "a\u2400b\u241b\u2421c" in csv


def test_the_cli_refuses_a_nul_byte_and_a_duplicate_too(site):
    from wikitrack.cli.commands import App, cli

    db, config = site
    app = App(config_path=config.path)
    args = ["review", "request", "Lemma 3", "--area", "gebied3", "--by", "J. Smit", "--reason"]
    nul = CliRunner().invoke(cli, [*args, "zie\x00cbs"], obj=app)
    assert nul.exit_code == 2 and "control character U+0000" in nul.output
    assert CliRunner().invoke(cli, [*args, "Zie CBS"], obj=app).exit_code == 0
    again = CliRunner().invoke(cli, [*args, "  zie   cbs "], obj=app)
    assert again.exit_code == 2 and "still open with the same reason" in again.output
    assert "--force" in again.output
    assert CliRunner().invoke(cli, [*args, "zie cbs", "--force"], obj=app).exit_code == 0
    # a NUL filed before this rule (straight into the database) is never raw in the CSV
    db.execute("UPDATE review_requests SET reason = 'oud' || char(0) || 'verzoek' WHERE id = 7")
    db.conn.commit()
    listed = CliRunner().invoke(cli, ["review", "list", "--csv"], obj=app)
    assert listed.exit_code == 0 and "oud\u2400verzoek" in listed.output
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", listed.output)


def test_an_empty_assignee_is_refused_on_the_web_and_in_the_workflow(site):
    db, config = site
    with pytest.raises(InputError, match="say who takes it"):
        review_transition(db, config, 1995, "assign", by="A. de Vries", assignee=" ")
    desk = client_of(config, "avries")
    answer = post(desk, "/verzoeken/1995", actie="toewijzen", behandelaar="")
    assert answer.status_code == 302
    assert status_of(db, 1995) == "open"
    assert "kies een redacteur" in desk.get("/mijn-verzoeken").get_data(as_text=True)


def test_an_assignee_typed_in_another_case_is_named_as_people_writes_them(site):
    db, config = site
    desk = client_of(config, "avries")
    answer = post(desk, "/verzoeken/1995", actie="toewijzen", behandelaar="a. DE   vries")
    assert answer.status_code == 302 and status_of(db, 1995) == "assigned"
    page = desk.get("/mijn-verzoeken").get_data(as_text=True)
    assert "A. de Vries" in page and "a. DE" not in page
    (step,) = [e for e in store.review_events(db, 1995) if e.to_status == "assigned"]
    assert step.note == "assigned to A. de Vries"


def test_a_request_like_an_open_one_asks_before_it_is_filed_again(site):
    db, config = site
    first = file_request(db, config)
    with pytest.raises(reviews.DuplicateRequest) as found:
        file_request(db, config, reason="  het INWONERTAL   klopt niet ")
    assert found.value.request_id == first
    assert file_request(db, config, reason="Het inwonertal klopt niet (2)") > first
    client = client_of(config, "jsmit")
    form = {"terrein": "gebied3", "lemma": "Lemma 3", "reden": "het inwonertal klopt niet"}
    warned = post(client, "/review-aanvragen", **form)
    text = warned.get_data(as_text=True)
    assert warned.status_code == 400 and f"open verzoek (#{first})" in text
    assert 'name="toch"' in text
    count = len(store.open_reviews_of(db, "Lemma 3"))
    assert post(client, "/review-aanvragen", **form, toch="ja").status_code == 302
    assert len(store.open_reviews_of(db, "Lemma 3")) == count + 1


def test_all_requests_come_in_pages_of_fifty_open_ones_first(site):
    db, config = site
    desk = client_of(config, "avries")
    first = desk.get("/mijn-verzoeken")
    html = first.get_data(as_text=True)
    numbers = [int(n) for n in re.findall(r'id="verzoek-(\d+)"', html)]
    assert len(numbers) == 50 and len(first.data) < 200_000
    assert numbers[:51] == list(range(2000, 1950, -1))  # the 51 open ones, newest first
    assert "Pagina 1 van 40 (2000 verzoeken)" in html and "Volgende pagina" in html
    second = desk.get("/mijn-verzoeken?pagina=2").get_data(as_text=True)
    assert [int(n) for n in re.findall(r'id="verzoek-(\d+)"', second)] == [
        1950,
        *range(1949, 1900, -1),
    ]
    assert "Vorige pagina" in second
    last = desk.get("/mijn-verzoeken?pagina=999").get_data(as_text=True)
    assert "Pagina 40 van 40" in last and "Volgende pagina" not in last
    assert "Pagina 1 van 40" in desk.get("/mijn-verzoeken?pagina=٣").get_data(as_text=True)


# -- point 8: staff pages --------------------------------------------------------------------------


def test_the_requester_withdraws_an_open_request_after_confirming(site):
    db, config = site
    number = file_request(db, config)
    other = client_of(config, "kvisser")
    assert post(other, f"/verzoeken/{number}", actie="intrekken", bevestigd="ja").status_code == 404
    desk = client_of(config, "avries")
    assert post(desk, f"/verzoeken/{number}", actie="intrekken", bevestigd="ja").status_code == 404
    own = client_of(config, "jsmit")
    listed = own.get("/mijn-verzoeken").get_data(as_text=True)
    assert "Intrekken" in listed and f"/verzoeken/{number}/wijzigen" in listed
    asked = post(own, f"/verzoeken/{number}", actie="intrekken")
    assert asked.status_code == 200 and f"Verzoek #{number} intrekken?" in asked.get_data(
        as_text=True
    )
    assert status_of(db, number) == "open"
    post(own, f"/verzoeken/{number}", actie="intrekken", bevestigd="ja")
    assert status_of(db, number) == "withdrawn"
    listed = own.get("/mijn-verzoeken").get_data(as_text=True)
    assert f"Uw verzoek #{number} is ingetrokken." in listed and "Ingetrokken" in listed
    assert post(own, f"/verzoeken/{number}", actie="intrekken", bevestigd="ja").status_code == 302
    assert "is niet bijgewerkt" in own.get("/mijn-verzoeken").get_data(as_text=True)
    with pytest.raises(InputError, match="cannot assign"):
        review_transition(db, config, number, "assign", by="A. de Vries", assignee="A. de Vries")


def test_the_requester_changes_reason_and_due_date_while_it_is_open(site):
    db, config = site
    number = file_request(db, config)
    assert client_of(config, "kvisser").get(f"/verzoeken/{number}/wijzigen").status_code == 404
    own = client_of(config, "jsmit")
    form = own.get(f"/verzoeken/{number}/wijzigen").get_data(as_text=True)
    assert "Het inwonertal klopt niet</textarea>" in form
    due = (date.today() + timedelta(days=20)).isoformat()
    unchanged = post(own, f"/verzoeken/{number}/wijzigen", reden="Het inwonertal klopt niet")
    assert unchanged.status_code == 400 and "niets gewijzigd" in unchanged.get_data(as_text=True)
    far = post(own, f"/verzoeken/{number}/wijzigen", reden="x", streefdatum="9999-12-31")
    assert far.status_code == 400 and "te ver weg" in far.get_data(as_text=True)
    done = post(own, f"/verzoeken/{number}/wijzigen", reden="Zie CBS 2026", streefdatum=due)
    assert done.status_code == 302
    changed = store.get_review(db, number)
    assert changed and (changed.reason, changed.due, changed.status) == (
        "Zie CBS 2026",
        due,
        "open",
    )
    (edit,) = [e for e in store.review_events(db, number) if e.from_status == "open"]
    assert edit.to_status == "open" and "was: Het inwonertal klopt niet" in edit.note
    assert "Gewijzigd (J. Smit)" in own.get("/mijn-verzoeken").get_data(as_text=True)
    # once its due date has passed, the request can still be changed with that date kept
    db.execute("UPDATE review_requests SET due = '2020-01-31' WHERE id = ?", [number])
    late = post(
        own, f"/verzoeken/{number}/wijzigen", reden="Zie CBS 2027", streefdatum="2020-01-31"
    )
    assert late.status_code == 302
    assert store.get_review(db, number).reason == "Zie CBS 2027"  # type: ignore[union-attr]
    moved = post(
        own, f"/verzoeken/{number}/wijzigen", reden="Zie CBS 2027", streefdatum="2020-02-01"
    )
    assert moved.status_code == 400 and "verleden" in moved.get_data(as_text=True)
    review_transition(db, config, number, "assign", by="A. de Vries", assignee="A. de Vries")
    assert f"/verzoeken/{number}/wijzigen" not in own.get("/mijn-verzoeken").get_data(as_text=True)
    assert post(own, f"/verzoeken/{number}/wijzigen", reden="later").status_code == 302
    assert store.get_review(db, number).reason == "Zie CBS 2027"  # type: ignore[union-attr]


def test_handling_and_declining_are_separate_and_ask_first(site):
    db, config = site
    desk = client_of(config, "avries")
    html = desk.get("/mijn-verzoeken").get_data(as_text=True)
    article = html[html.index('id="verzoek-2000"') : html.index('id="verzoek-1999"')]
    assert article.count("<form") == 3  # assign, handle, decline: each its own form
    assert (
        'name="actie" value="afhandelen"' in article and 'name="actie" value="afwijzen"' in article
    )
    refused = post(desk, "/verzoeken/2000", actie="afhandelen", uitkomst="klaar\x00")
    assert refused.status_code == 302 and status_of(db, 2000) == "open"
    assert "stuurteken" in desk.get("/mijn-verzoeken").get_data(as_text=True)
    for action, heading, status in (
        ("afhandelen", "Verzoek #2000 afhandelen?", "done"),
        ("afwijzen", "Verzoek #1998 afwijzen?", "declined"),
    ):
        number = int(re.search(r"#(\d+)", heading).group(1))  # type: ignore[union-attr]
        asked = post(desk, f"/verzoeken/{number}", actie=action, uitkomst="Bekeken")
        assert asked.status_code == 200 and heading in asked.get_data(as_text=True)
        assert status_of(db, number) == "open"
        post(desk, f"/verzoeken/{number}", actie=action, uitkomst="Bekeken", bevestigd="ja")
        assert status_of(db, number) == status


def test_the_pages_speak_dutch_and_name_the_desk_and_its_address(site):
    db, config = site
    desk = client_of(config, "avries")
    start = desk.get("/mijn-terrein").get_data(as_text=True)
    assert "<h1>Alle beleidsterreinen</h1>" in start and "Mijn terrein" not in start
    assert '<a href="mailto:redactie@almere.nl">redactie@almere.nl</a>' in start
    staff = client_of(config, "jsmit")
    seen = "".join(
        staff.get(path).get_data(as_text=True)
        for path in ("/mijn-terrein", "/review-aanvragen", "/lemma/Lemma 3")
    )
    assert "Mijn terrein" in seen and "Controle aanvragen" in seen and "Controleverzoeken" in seen
    assert "Review" not in seen and "review" not in seen.replace("review-aanvragen", "")


def test_talk_page_changes_are_marked_on_the_lemma_page(site):
    db, config = site
    since = (datetime.now(UTC) - timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    talk = {
        r.title
        for r in store.iter_changes(db, area="gebied3", since=since)
        if r.title.startswith("Overleg:")
    }
    assert talk
    title = sorted(talk)[0]
    html = client_of(config, "jsmit").get("/lemma/" + title.removeprefix("Overleg:"))
    html = html.get_data(as_text=True)  # type: ignore[assignment]
    assert f"Op de overlegpagina ({title}):" in html
    marks = html.count("Op de overlegpagina")
    assert 0 < marks <= html.count('class="wijziging"')
