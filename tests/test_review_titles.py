"""One title rule for review requests: Python's `normalize_title`, applied by the store before
the insert; the database's triggers no longer normalise (they used to disagree with Python)."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from wikitrack import store
from wikitrack.errors import InputError
from wikitrack.store.migrations import migrations


@pytest.fixture
def db() -> Database:
    db = Database(memory=True)
    migrations.apply(db)
    db["areas"].insert({"slug": "cultuur", "name": "Cultuur"})
    db["lemmas"].insert({"page_id": 7, "title": "Élan vital", "namespace": 0})
    db["area_lemmas"].insert({"area": "cultuur", "page_id": 7})
    return db


@pytest.mark.parametrize("title", ["élan_vital", "Élan  vital", " élan__vital "])
def test_a_title_is_stored_as_the_wiki_stores_it(db: Database, title: str):
    rid = store.insert_review(db, title=title, area="cultuur", by="J. Smit", reason="r", due=None)
    request = store.get_review(db, rid)
    assert request is not None
    assert (request.title, request.page_id) == ("Élan vital", 7)


def test_the_triggers_still_refuse_in_dutch(db: Database):
    with pytest.raises(InputError, match="staat niet op de volglijst van dit beleidsterrein"):
        store.insert_review(
            db, title="Elan vital", area="cultuur", by="J. Smit", reason="r", due=None
        )
    with pytest.raises(InputError, match="Vul een reden in"):
        store.insert_review(
            db, title="élan_vital", area="cultuur", by="J. Smit", reason=" ", due=None
        )
    with pytest.raises(InputError, match="De streefdatum is geen datum"):
        store.insert_review(
            db, title="élan_vital", area="cultuur", by="J. Smit", reason="r", due="morgen"
        )
