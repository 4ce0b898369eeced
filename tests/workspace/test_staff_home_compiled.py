"""The staff home's queues run from SQL compiled once per process (dataide.compiled): the page must
show what the ORM shows, panel by panel and in its HTML, for the DATAide team and for regional
staff (the region filter is part of the compiled shape), in French and in English, and still after
the data and the clock move (each request's values, never the first one's)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from applications.conversation.models import ApplicationMessage
from applications.models import ApplicationStatus as S
from dataide.compiled import through_the_orm
from grants.models import Agreement
from tests.staff.factories import ESTRIE, submitted_application

pytestmark = pytest.mark.django_db
LANGUAGES = ["fr-ca", "en"]


def _queues_html(content: str) -> str:
    section = re.search(r'<section class="work-queues".*?</section>', content, re.S)
    assert section, "the page shows its queues"
    return section.group(0)


def _page(client, language):
    """What the page shows of its queues: each panel's fields, and their HTML."""
    with translation.override(language):
        response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    panels = [
        (panel.key, str(panel.title), panel.count, [(item.label, item.url, item.detail) for item in panel.items],
         panel.more_url, str(panel.empty))
        for panel in response.context["work_panels"]
    ]
    return panels, _queues_html(response.content.decode())


def _both_ways(client, language):
    compiled = _page(client, language)
    with through_the_orm():
        orm = _page(client, language)
    return compiled, orm


def _assert_same_both_ways(viewers):
    pages = {}
    for who, client in viewers.items():
        for language in LANGUAGES:
            compiled, orm = _both_ways(client, language)
            assert compiled == orm, (who, language)
            pages[who, language] = compiled
    return pages


def _items(pages, who, key, language="fr-ca"):
    panels, _html = pages[who, language]
    return next(items for panel_key, _title, _count, items, *_rest in panels if panel_key == key)


def test_the_compiled_queues_show_what_the_orm_shows(every_queue, viewers):
    pages = _assert_same_both_ways(viewers)
    # The comparison compares full queues, and Estrie's staff see Estrie's rows only.
    team_panels, _html = pages["team", "fr-ca"]
    assert all(count for key, _title, count, *_rest in team_panels if key not in {"imports_to_do"})
    estrie = _items(pages, "estrie", "info_requests_overdue")
    assert [label.split(" · ")[0] for label, _url, _detail in estrie] == ["AMO-2026-0802"]
    assert [label.split(" · ")[0] for label, _url, _detail in _items(pages, "team", "info_requests_overdue")] == [
        "AMO-2026-0801", "AMO-2026-0802",
    ]
    assert pages["team", "fr-ca"][1] != pages["team", "en"][1]  # the languages were both read


def test_the_queues_follow_the_data_and_the_clock(every_queue, viewers, sign_in_viewers, monkeypatch):
    before = _assert_same_both_ways(viewers)
    # The data moves: a question is answered, an agreement signed, an application submitted in Estrie.
    asked = ApplicationMessage.objects.get(application__number="AMO-2026-0601").application
    ApplicationMessage.objects.create(application=asked, body="Réponse", from_staff=True)
    Agreement.objects.filter(application=every_queue["recent"]).update(
        signed_at=timezone.now(), signature_method="online", signed_version=1, signed_pdf_sha256="0" * 64,
        signer_name="Julie Lavoie", signer_title="Directrice", authority_confirmed=True,
    )
    every_queue["recent"].__class__.objects.filter(pk=every_queue["recent"].pk).update(status=S.AGREEMENT)
    submitted_application("AMO-2026-0004", region_code=ESTRIE, submitted_at=timezone.now() - timedelta(days=1))
    moved = _assert_same_both_ways(viewers)
    assert _items(moved, "estrie", "to_screen") != _items(before, "estrie", "to_screen")
    assert _items(moved, "team", "questions_to_answer") != _items(before, "team", "questions_to_answer")
    assert _items(moved, "estrie", "agreements_to_sign") == []
    # The clock moves 40 days on: reports fall due, the reviews' deadlines pass, webinars were held.
    later = timezone.now() + timedelta(days=40)
    monkeypatch.setattr(timezone, "now", lambda: later)
    after = _assert_same_both_ways(sign_in_viewers())
    assert _items(after, "team", "decision_reviews") != _items(moved, "team", "decision_reviews")
    assert _items(after, "team", "imports_to_do") != _items(moved, "team", "imports_to_do")


def test_an_agreement_flagged_unsigned_too_long_follows_the_clock(every_queue, viewers, sign_in_viewers, monkeypatch):
    def flagged():
        return ["non signée depuis 30 jours" in detail for _label, _url, detail in _items(pages, "team", "agreements_to_sign")]

    pages = _assert_same_both_ways(viewers)
    assert flagged() == [True, False]
    later = timezone.now() + timedelta(days=31)
    monkeypatch.setattr(timezone, "now", lambda: later)
    pages = _assert_same_both_ways(sign_in_viewers())
    assert flagged() == [True, True]
