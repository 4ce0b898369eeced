"""Amendments: the responsible person asks to change the budget lines or the timeline (never
above the award), staff approve or refuse with a reason, every version is kept side by side and
the agreement notes the approved ones."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dataide.audit.models import AuditEvent
from dataide.outbox.models import OutboxMessage
from grants import selectors, services
from grants.models import Agreement, Amendment, AmendmentStatus
from organismes.models import MembershipRole
from tests.applications.factories import BudgetLineFactory
from tests.factories import OrganismeFactory, StaffUserFactory
from tests.grants.factories import awarded
from tests.helpers import login_staff
from tests.organismes.factories import member_of

pytestmark = pytest.mark.django_db

NEW_LINES = [
    {"category": "equipment", "description": "Portable", "amount": Decimal("3000")},
    {"category": "training", "description": "Formation", "amount": Decimal("1000")},
]


def _signed(organisme):
    application = awarded(organisme)
    BudgetLineFactory(application=application, description="Portable", amount=Decimal("4000"))
    application.timeline = "Printemps 2027."
    application.save(update_fields=["timeline"])
    services.sign_agreement(
        actor=member_of(organisme), agreement=application.agreement, full_name="Julie Lavoie", title="Directrice",
        authority_confirmed=True,
    )
    application.refresh_from_db()
    return application


def _text(response) -> str:
    return response.content.decode().replace("\u202f", " ").replace("\xa0", " ")


def _ask(application, actor, lines=NEW_LINES, timeline="Automne 2027.", reason="Le portable coûte moins cher."):
    return services.request_amendment(actor=actor, application=application, lines=lines, timeline=timeline, reason=reason)


def test_asked_on_the_page_approved_by_staff_kept_side_by_side_and_noted_on_the_agreement(client, django_capture_on_commit_callbacks):
    organisme = OrganismeFactory()
    application = _signed(organisme)
    client.force_login(member_of(organisme))
    url = reverse("grants:amendments", args=[application.pk])
    response = client.post(url, {
        "lignes-TOTAL_FORMS": "2", "lignes-INITIAL_FORMS": "0",
        "lignes-0-category": "equipment", "lignes-0-description": "Portable", "lignes-0-amount": "3 000",
        "lignes-1-category": "training", "lignes-1-description": "Formation", "lignes-1-amount": "1 000",
        "timeline": "Automne 2027.", "reason": "Le portable coûte moins cher.", "action": "request",
    })
    assert response.status_code == 302
    amendment = Amendment.objects.get(application=application)
    assert amendment.status == AmendmentStatus.PENDING and amendment.total == Decimal("4000")

    staff = StaffUserFactory()
    login_staff(client, staff)
    decide = reverse("admin:grants_amendment_decide", args=[amendment.pk])
    assert "Version 2 (proposée)" in client.get(decide).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(decide, {"decision": "approve", "reason": "D'accord."}).status_code == 302

    amendment.refresh_from_db()
    assert (amendment.status, amendment.version, amendment.decided_by) == (AmendmentStatus.APPROVED, 2, staff)
    assert AuditEvent.objects.for_object(amendment).filter(action="amendment.approved").exists()
    assert OutboxMessage.objects.filter(template="amendment_decided").exists()
    agreement = Agreement.objects.get(application=application)
    assert "budget version 2, 4 000 $ au total" in agreement.amendment_notes.replace("\u202f", " ").replace("\xa0", " ")
    versions = selectors.budget_history(application)
    assert [(v.number, v.total, v.timeline) for v in versions] == [
        (1, Decimal("4000"), "Printemps 2027."), (2, Decimal("4000"), "Automne 2027."),
    ]
    assert services.current_budget(application).lines[1]["description"] == "Formation"
    client.force_login(member_of(organisme))
    page = _text(client.get(url))
    assert "Version 1 (accordée)" in page and "Version 2 (modification approuvée le" in page and "Formation" in page
    assert "Modifications annexées à la convention" in _text(client.get(reverse("grants:agreement", args=[application.pk])))


def test_never_above_the_amount_awarded():
    organisme = OrganismeFactory()
    application = _signed(organisme)
    with pytest.raises(ValidationError) as refused:
        _ask(application, member_of(organisme), lines=[{"category": "equipment", "description": "Portable", "amount": Decimal("4000.01")}])
    message = refused.value.messages[0].replace("\u202f", " ").replace("\xa0", " ")
    assert "Le budget modifié totalise 4 000,01 $, au-delà du montant accordé (4 000 $)" in message
    assert not Amendment.objects.exists()


def test_the_rules_of_a_request_each_with_its_message():
    organisme = OrganismeFactory()
    application = _signed(organisme)
    responsible = member_of(organisme)
    with pytest.raises(ValidationError, match="ne change ni le budget ni l'échéancier"):
        _ask(application, responsible, lines=[{"category": "equipment", "description": "Portable", "amount": Decimal("4000")}], timeline="Printemps 2027.")
    with pytest.raises(ValidationError, match="Expliquez pourquoi"):
        _ask(application, responsible, reason=" ")
    with pytest.raises(ValidationError, match="au moins une ligne"):
        _ask(application, responsible, lines=[])
    _ask(application, responsible)
    with pytest.raises(ValidationError, match="attend déjà la décision"):
        _ask(application, responsible)
    with pytest.raises(PermissionDenied):
        _ask(application, member_of(organisme, role=MembershipRole.COLLABORATOR))
    before_signature = awarded(OrganismeFactory())
    with pytest.raises(ValidationError, match="une fois la convention signée"):
        _ask(before_signature, member_of(before_signature.organisme))


def test_staff_refuse_with_a_reason_and_the_budget_stays(django_capture_on_commit_callbacks):
    organisme = OrganismeFactory()
    application = _signed(organisme)
    amendment = _ask(application, member_of(organisme))
    staff = StaffUserFactory()
    with pytest.raises(ValidationError, match="Indiquez le motif du refus"):
        services.refuse_amendment(actor=staff, amendment=amendment, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        services.refuse_amendment(actor=staff, amendment=amendment, reason="La formation n'est pas admissible.")
    message = OutboxMessage.objects.filter(template="amendment_decided").first()
    assert "La formation n'est pas admissible." in message.body_text
    assert [v.number for v in selectors.budget_history(application)] == [1]
    with pytest.raises(ValidationError, match="déjà décidée"):
        services.approve_amendment(actor=staff, amendment=amendment)
    with pytest.raises(PermissionDenied):
        services.approve_amendment(actor=member_of(organisme), amendment=_ask(application, member_of(organisme)))


def test_the_staff_home_panel_lists_the_requests_to_decide_in_one_query(client, django_assert_num_queries):
    from grants.selectors import amendments_to_decide

    for _index in range(2):
        organisme = OrganismeFactory()
        _ask(_signed(organisme), member_of(organisme))
    with django_assert_num_queries(1):
        count, rows = amendments_to_decide(None)
        assert count == 2 and [row.application.number for row in rows]
    for _index in range(4):
        organisme = OrganismeFactory()
        _ask(_signed(organisme), member_of(organisme))
    with django_assert_num_queries(1):
        count, rows = amendments_to_decide(None)
        assert count == 6 and [row.application.organisme.legal_name for row in rows]


def test_the_admin_list_of_amendments_is_a_fixed_number_of_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login_staff(client, StaffUserFactory())
    url = reverse("admin:grants_amendment_changelist")

    def queries_with(count):
        while Amendment.objects.count() < count:
            organisme = OrganismeFactory()
            _ask(_signed(organisme), member_of(organisme))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    assert queries_with(2) == queries_with(6)
