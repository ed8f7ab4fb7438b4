"""The nightly mail planner on plain data: a `Night` built by hand, no database, no wiki.

Each rule of `mail.nightly`'s docstring, decided by `planner.plan_mailings` alone.
"""

from __future__ import annotations

import email
import email.policy
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from wikitrack.check.records import StoredChange
from wikitrack.config import Config, MailConfig
from wikitrack.corrections.guideline import guideline_key
from wikitrack.mail.outbox import Mailing
from wikitrack.mail.planner import Night, Recipient, first_run_of, plan_mailings

NOW = datetime(2031, 3, 12, 5, 30, tzinfo=UTC)  # 06:30 in Almere
TODAY = "2031-03-12T00:10:00Z"  # after midnight in Almere
YESTERDAY = "2031-03-11T05:30:00Z"
DESK = "redactie@almere.example"
ZORG = "zorg@almere.example"
SPORT = "sport@almere.example"


def config(**mail: object) -> Config:
    return Config(
        path=None,
        base_dir=Path("."),
        db_path=Path("unused.db"),
        watchlists_dir=Path("watchlists"),
        wiki_url="https://nl.wikipedia.org/w/api.php",
        mail=MailConfig(sender="wikitrack@almere.example", desk=(DESK,), **mail),  # type: ignore[arg-type]
    )


def change(n: int, title: str, area: str, *, user: str = "Kees Jansen") -> StoredChange:
    return StoredChange(
        id=f"c{n}",
        timestamp=f"2031-03-11T2{n % 10}:00:00Z",
        page_id=100 + n,
        title=title,
        kind="blanked",
        revid=1000 + n,
        parent_id=999 + n,
        user=user,
        comment="leeg",
        size_delta=-2000,
        areas=(area,),
    )


def mailing(id: int, *, status: str = "sent", created: str = TODAY, **kw: object) -> Mailing:
    return Mailing(id, created, kw.pop("first_run", 1), 1, ZORG, "s", status, **kw)  # type: ignore[arg-type]


HAVEN = change(1, "Almere Haven", "zorg")
STADION = change(2, "Yanmar Stadion", "sport")


def night(*recipients: Recipient, **kw: object) -> Night:
    base: dict[str, object] = {
        "window": (3, 3),
        "now": NOW,
        "names": {"zorg": "Zorg", "sport": "Sport"},
        "api_url": "https://nl.wikipedia.org/w/api.php",
        "area_names": (("sport", "Sport"), ("zorg", "Zorg")),
        "recipients": recipients,
        "changes": {3: (HAVEN, STADION)},
        "window_starts": {3: "2031-03-11T05:00:00Z"},
    }
    return Night(**{**base, **kw})  # type: ignore[arg-type]


def everyone() -> tuple[Recipient, ...]:
    return (Recipient(ZORG, ("zorg",)), Recipient(SPORT, ("sport",)), Recipient(DESK, None))


def text_of(message: str) -> str:
    msg = email.message_from_string(message, policy=email.policy.default)
    return msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def html_of(message: str) -> str:
    msg = email.message_from_string(message, policy=email.policy.default)
    return msg.get_body(("html",)).get_content()  # type: ignore[union-attr]


def by_recipient(plan):
    return {m.recipient: m for m in plan.messages}


def test_each_contact_gets_one_message_of_their_own_areas_and_the_desk_all():
    plan = plan_mailings(config(), night(*everyone()))
    mails = by_recipient(plan)
    assert sorted(mails) == sorted([ZORG, SPORT, DESK])
    assert "Almere Haven" in text_of(mails[ZORG].message)
    assert "Yanmar Stadion" not in text_of(mails[ZORG].message)
    assert "Yanmar Stadion" in text_of(mails[SPORT].message)
    desk = text_of(mails[DESK].message)
    assert "Almere Haven" in desk and "Yanmar Stadion" in desk
    assert mails[ZORG].changes == (HAVEN.identity,)
    assert set(mails[DESK].changes) == {HAVEN.identity, STADION.identity}


def test_subject_names_the_areas_in_dutch_and_the_desk_gets_the_full_digest():
    mails = by_recipient(plan_mailings(config(), night(*everyone())))
    assert mails[ZORG].subject == "Wikipedia-wijzigingen: Zorg – 12 mrt 2031"
    assert "volledig overzicht" in mails[DESK].subject
    assert mails[ZORG].areas == ("zorg",) and mails[DESK].areas == ("zorg", "sport")


def test_english_when_the_config_says_so():
    english = replace(config(), language="en")
    [mail] = plan_mailings(english, night(Recipient(ZORG, ("zorg",)))).messages
    assert mail.subject.startswith("Wikipedia changes: Zorg")


def test_nothing_new_means_no_message_unless_empty_reports_are_wanted():
    quiet = night(Recipient(ZORG, ("zorg",)), changes={3: (STADION,)})
    assert plan_mailings(config(), quiet).messages == ()
    [empty] = plan_mailings(config(send_empty=True), quiet).messages
    assert empty.recipient == ZORG and empty.changes == ()


def test_an_empty_report_is_not_sent_twice_a_day():
    sent_today = mailing(1, status="sent", created=TODAY)
    quiet = night(Recipient(ZORG, ("zorg",), earlier=(sent_today,)), changes={3: ()})
    assert plan_mailings(config(send_empty=True), quiet).messages == ()


def test_a_change_mailed_before_is_left_out():
    told = Recipient(ZORG, ("zorg",), mailed=frozenset({HAVEN.identity}))
    assert plan_mailings(config(), night(told)).messages == ()
    other = change(3, "Almere Poort", "zorg")
    [mail] = plan_mailings(config(), night(told, changes={3: (HAVEN, other)})).messages
    assert mail.changes == (other.identity,)
    assert "Almere Haven" not in text_of(mail.message)


def test_an_undelivered_message_is_replaced_by_one_covering_its_runs_too():
    failed = mailing(7, status="failed", created=YESTERDAY, first_run=1)
    older = change(4, "Almere Buiten", "zorg")
    recipient = Recipient(ZORG, ("zorg",), earlier=(failed,))
    assert first_run_of((3, 3), recipient.earlier) == 1
    plan = plan_mailings(config(), night(recipient, changes={1: (older, HAVEN), 3: (HAVEN,)}))
    [mail] = plan.messages
    assert plan.superseded == (7,)
    assert mail.first_run == 1
    assert set(mail.changes) == {older.identity, HAVEN.identity}


def test_an_overdue_review_is_reminded_once_a_day_to_its_area():
    review = {"id": 12, "area": "zorg", "title": "Almere Haven", "due": "2031-03-01"}
    fresh = night(*everyone(), overdue=(review,), changes={3: ()})
    mails = by_recipient(plan_mailings(config(), fresh))
    assert "review:12" in mails[ZORG].reminders and "review:12" in mails[DESK].reminders
    assert SPORT not in mails
    reminded = mailing(2, created=TODAY, reminders=("review:12",))
    again = night(Recipient(ZORG, ("zorg",), earlier=(reminded,)), overdue=(review,))
    [mail] = plan_mailings(config(), again).messages  # the change is news; the review is not
    assert "review:12" not in mail.reminders


def test_problems_go_to_the_desk_only_and_once_a_day():
    problem = "watchlists/zorg.toml:7: malformed TOML"
    mails = by_recipient(plan_mailings(config(), night(*everyone(), problems=(problem,))))
    assert mails[DESK].reminders == (f"problem:{problem}",)
    assert "watchlists/zorg.toml" in text_of(mails[DESK].message)
    assert not any(r.startswith("problem:") for r in mails[ZORG].reminders)
    told = mailing(3, created=TODAY, reminders=(f"problem:{problem}",))
    later = night(Recipient(DESK, None, earlier=(told,)), problems=(problem,), changes={3: ()})
    assert plan_mailings(config(), later).messages == ()


def test_guideline_findings_are_told_once_per_state():
    waiting = {
        "id": 5,
        "status": "proposed",
        "area": "zorg",
        "title": "Almere Haven",
        "guideline": [{"level": "stop", "rule": "personal_data"}],
    }
    key = guideline_key(waiting)
    [mail] = plan_mailings(config(), night(Recipient(ZORG, ("zorg",)), waiting=(waiting,))).messages
    assert key in mail.reminders
    told = Recipient(ZORG, ("zorg",), told_guideline=frozenset({key}))
    [again] = plan_mailings(config(), night(told, waiting=(waiting,))).messages
    assert key not in again.reminders


class Section:
    """A stand-in health section: what the planner asks of one."""

    def attach(self, rendered: str, fmt: str) -> str:
        return rendered + ("<p>GEZONDHEID</p>" if fmt == "html" else "\nGEZONDHEID\n")


def test_the_health_section_is_carried_once_a_day():
    health = Section()
    quiet = {"changes": {3: ()}}
    [mail] = plan_mailings(
        config(), night(Recipient(ZORG, ("zorg",), health=health), **quiet)
    ).messages  # type: ignore[arg-type]
    assert "health" in mail.reminders and "GEZONDHEID" in text_of(mail.message)
    held = mailing(4, created=TODAY, reminders=("health",))
    twice = Recipient(ZORG, ("zorg",), earlier=(held,), health=health)  # type: ignore[arg-type]
    assert plan_mailings(config(), night(twice, **quiet)).messages == ()


def test_a_title_from_the_wiki_is_escaped_in_the_html_part():
    evil = change(5, "<script>alert(1)</script>", "zorg", user="<b>Mallory</b>")
    [mail] = plan_mailings(
        config(), night(Recipient(ZORG, ("zorg",)), changes={3: (evil,)})
    ).messages
    html = html_of(mail.message)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "<b>Mallory</b>" not in html


def test_the_plan_reads_nothing_but_the_night():
    """Planning twice gives the same messages (but for each message's own ID, date and MIME
    boundary)."""
    first, second = (plan_mailings(config(), night(*everyone())) for _ in range(2))

    def parts(message: str) -> tuple[str, str, str]:
        subject = email.message_from_string(message, policy=email.policy.default)["Subject"]
        return subject, text_of(message), html_of(message)

    assert [parts(m.message) for m in first.messages] == [parts(m.message) for m in second.messages]
    assert [replace(m, message="") for m in first.messages] == [
        replace(m, message="") for m in second.messages
    ]
