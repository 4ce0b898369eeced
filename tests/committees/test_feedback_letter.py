"""Feedback letters: figures from hand-computed scorecards read back from the PDF, no member's
name or e-mail, only the text staff reviewed, sent once, downloaded by its organisme only."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationStatus
from committees.feedback import services
from committees.feedback.models import FeedbackLetter
from committees.models import ConflictDeclaration
from dataide.audit.models import AuditEvent
from dataide.outbox.attachments import build_attachment
from dataide.outbox.models import OutboxMessage
from tests.committees.factories import CommitteeFactory, assign, members, scorecard
from tests.factories import StaffUserFactory
from tests.helpers import at_the_same_moment, login_staff, pdf_text
from tests.organismes.factories import member_of
from tests.staff.factories import ESTRIE, regional_staff

pytestmark = pytest.mark.django_db

STRENGTHS = "Un besoin clair et bien documenté."
UNREVIEWED = "Ce commentaire brut ne doit jamais sortir du comité."


def _judged(status=ApplicationStatus.DECLINED, number="AMO-2026-0777"):
    """Amorçage weights 30/25/20/25. Counted: A 4,3,5,2 · B 3,3,SO,1 · C 5,4,4,2; D is
    conflicted (its zeros never count). Means per criterion: 4,00 · 3,33 · 4,50 · 1,67;
    weighted A 3,45 · B 190/80 = 2,375 · C 3,80 → overall 9,625 / 3 = 3,21."""
    committee = CommitteeFactory(scoring_deadline=timezone.localdate() - timedelta(days=1))
    assignment = assign(committee, status=status, number=number)
    a, b, c, d = members(committee)
    scorecard(assignment, a, [4, 3, 5, 2], comment=UNREVIEWED)
    scorecard(assignment, b, [3, 3, "na", 1])
    scorecard(assignment, c, [5, 4, 4, 2])
    scorecard(assignment, d, [0, 0, 0, 0])
    ConflictDeclaration.objects.filter(assignment=assignment, member=d).update(has_conflict=True)
    member_of(assignment.application.organisme)
    return assignment.application


def _save(application, staff, **texts):
    values = {
        "strengths": STRENGTHS,
        "improvements": "Préciser le budget.",
        "next_steps": "Redéposez au printemps.",
        **texts,
    }
    return services.save_feedback_letter(actor=staff, application=application, **values)


def test_the_letter_shows_the_committees_means_against_the_descriptors():
    application, staff = _judged(), StaffUserFactory()
    letter = _save(application, staff)
    with transaction.atomic():
        services.send_feedback_letter(actor=staff, letter=letter)
    letter.refresh_from_db()
    text = pdf_text(letter.pdf.read())
    for figure in ("4,00 / 5", "3,33 / 5", "4,50 / 5", "1,67 / 5", "3,21 sur 5"):
        assert figure in text, figure
    assert "0,00" not in text  # the conflicted member's scores are not counted
    criteria = list(application.tier.current_criteria_set.criteria.order_by("position").prefetch_related("levels"))
    levels = {level.score: level.descriptor_fr for level in criteria[3].levels.all()}
    # 1,67 is nearest to level 2; the letter says what level 3 would take.
    assert " ".join(levels[2].split()) in text and " ".join(levels[3].split()) in text
    assert STRENGTHS in text and "Redéposez au printemps." in text


def test_no_member_name_or_email_and_no_unreviewed_comment_in_the_pdf():
    application, staff = _judged(), StaffUserFactory()
    letter = _save(application, staff)
    services.send_feedback_letter(actor=staff, letter=letter)
    letter.refresh_from_db()
    text = pdf_text(letter.pdf.read()).casefold()
    for seat in application.committee_assignment.committee.seats.select_related("user"):
        assert seat.user.full_name.casefold() not in text
        assert seat.user.email.casefold() not in text
    assert UNREVIEWED.casefold() not in text
    assert "commentaire de" not in text  # the members' criterion comments stay with the committee


def test_a_letter_naming_a_member_is_refused():
    application, staff = _judged(), StaffUserFactory()
    member = members(application.committee_assignment.committee)[0]
    for text in (f"Comme le disait {member.full_name}, bravo.", f"Écrivez à {member.email.upper()}."):
        with pytest.raises(ValidationError) as error:
            _save(application, staff, strengths=text)
        assert error.value.code == "names_member"
    assert not FeedbackLetter.objects.exists()


def test_sending_twice_is_refused_and_emails_once_with_the_pdf():
    application, staff = _judged(status=ApplicationStatus.WAITLISTED), StaffUserFactory()
    letter = _save(application, staff)
    services.send_feedback_letter(actor=staff, letter=letter)
    with pytest.raises(ValidationError) as error:
        services.send_feedback_letter(actor=staff, letter=letter)
    assert error.value.code == "already_sent"
    with pytest.raises(ValidationError):
        _save(application, staff)
    message = OutboxMessage.objects.get(template="feedback_letter")
    filename, content, mimetype = build_attachment(message.attachments[0], message.language)
    assert filename == "retroaction-AMO-2026-0777.pdf" and mimetype == "application/pdf"
    assert STRENGTHS in pdf_text(content)
    assert AuditEvent.objects.filter(action="feedback_letter.sent").count() == 1
    assert AuditEvent.objects.filter(action="feedback_letter.reviewed").count() == 1


def test_only_deciding_staff_write_letters_and_only_after_a_decline_or_waitlist():
    application = _judged()
    member = members(application.committee_assignment.committee)[0]
    for actor in (member, regional_staff(ESTRIE)):
        with pytest.raises(PermissionDenied):
            _save(application, actor)
    in_review = _judged(status=ApplicationStatus.IN_REVIEW, number="AMO-2026-0778")
    with pytest.raises(ValidationError) as error:
        _save(in_review, StaffUserFactory())
    assert error.value.code == "no_letter"


def test_staff_preview_and_edit_then_the_organisme_downloads_its_letter(client):
    application, staff = _judged(), StaffUserFactory()
    login_staff(client, staff)
    edit_url = reverse("committees:feedback_letter", args=[application.pk])
    page = client.get(edit_url)
    assert page.status_code == 200 and UNREVIEWED in page.content.decode()  # staff read the comments
    assert client.get(reverse("committees:feedback_preview", args=[application.pk])).status_code == 404
    response = client.post(
        edit_url, {"strengths": STRENGTHS, "improvements": "", "next_steps": "Redéposez.", "save": "1"}
    )
    assert response.status_code == 302
    preview = client.get(reverse("committees:feedback_preview", args=[application.pk]))
    assert preview["Content-Type"] == "application/pdf" and STRENGTHS in pdf_text(preview.content)

    owner = application.organisme.memberships.get().user
    download_url = reverse("feedback:letter", args=[application.pk])
    client.force_login(owner)
    assert client.get(download_url).status_code == 404  # not sent yet
    assert download_url not in client.get(reverse("applications:detail", args=[application.pk])).content.decode()

    client.force_login(staff)  # MFA already enrolled above
    assert client.post(edit_url, {"send": "1"}).status_code == 302
    client.force_login(owner)
    assert download_url in client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    response = client.get(download_url)
    assert response.status_code == 200 and STRENGTHS in pdf_text(b"".join(response.streaming_content))


def test_members_never_reach_the_staff_letter_pages(client):
    application = _judged()
    login_staff(client, members(application.committee_assignment.committee)[0])
    assert client.get(reverse("committees:feedback_letter", args=[application.pk])).status_code == 404


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_sends_of_one_letter_send_it_once():
    application, staff = _judged(), StaffUserFactory()
    letter = _save(application, staff)

    outcomes = at_the_same_moment(lambda _: services.send_feedback_letter(actor=staff, letter=letter), [1, 2])

    assert sorted(outcome if isinstance(outcome, str) else "sent" for outcome in outcomes) == ["already_sent", "sent"]
    assert OutboxMessage.objects.filter(template="feedback_letter").count() == 1  # one member, one courriel
    assert AuditEvent.objects.filter(action="feedback_letter.sent").count() == 1
