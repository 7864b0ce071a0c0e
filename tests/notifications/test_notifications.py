"""Messages for decisions, settlements, revisions and uploads: in the inbox and by e-mail through a
real SMTP server on loopback; once per event; nothing personal but the recipient's own name."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from sectorplannen.finance.services import DeclaredMeasure
from sectorplannen.notifications import services
from sectorplannen.notifications.models import Notification
from sectorplannen.workflow import services as workflow
from sectorplannen.workflow.services import transition

from ..conftest import free_port

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


def bodies(smtp) -> list[str]:
    return [m.get_content() for _, m in smtp.messages]


def assert_nothing_personal_but(smtp, own_names: dict[str, str], others: list[str], bsns: list[str] = ()):
    """Each mail greets its recipient by their own name and holds no one else's name and no BSN."""
    for to, message in smtp.messages:
        text = message["Subject"] + "\n" + message.get_content()
        assert own_names[to[0]] in text
        assert not [n for n in others if n != own_names[to[0]] and n in text]
        digits = re.sub(r"\D", "", text)
        assert not [b for b in bsns if b in digits]
        assert not re.search(r"\d{9}", text)


def grant(plan, users):
    return transition(plan, "grant", users["assessor"], approved_by=users["policy_officer"],
                      decided_on=dt.date(2014, 7, 1))


def test_the_grant_tells_the_applicant_once(named, submitted_plan, smtp_server,
                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        decision = grant(submitted_plan, named)
    assert services.decision_taken(decision) == []  # the same event again: nothing new
    assert len(smtp_server.messages) == 1
    to, mail = smtp_server.messages[0]
    assert to == ["applicant@example.org"]
    assert mail["Subject"] == f"Besluit over {submitted_plan.name}"
    body = mail.get_content()
    assert "Beste Anna Aanvrager," in body and "versie 1" in body
    assert f"/plannen/{submitted_plan.pk}/beschikkingen/1/" in body
    note = Notification.objects.get()
    assert note.emailed_at is not None and note.kind == "decision_taken" and note.plan == submitted_plan
    assert services.unread_count(named["applicant"]) == 1 and services.unread_count(named["outsider"]) == 0
    assert_nothing_personal_but(smtp_server, {"applicant@example.org": "Anna Aanvrager"},
                                ["Bert Beoordelaar", "Carla Beleid", "Olaf Buiten"])


def test_a_proposal_tells_nobody_and_a_rolled_back_decision_mails_nothing(named, submitted_plan, smtp_server,
                                                                          django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        proposal = workflow.propose(submitted_plan, "grant", {"assessments": []}, named["assessor"])  # a trial run
        with transaction.atomic():
            grant(submitted_plan, named)
            transaction.set_rollback(True)
    assert not Notification.objects.exists() and callbacks == [] and smtp_server.messages == []
    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve(proposal, named["policy_officer"])
    assert [m["Subject"] for _, m in smtp_server.messages] == [f"Besluit over {submitted_plan.name}"]


def test_settlement_and_revision_messages_in_english(named, granted_plan, smtp_server,
                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        transition(granted_plan, "declare", named["applicant"], submitted_on=dt.date(2016, 8, 1),
                   lines={"M01": DeclaredMeasure(450, Decimal("580000.00"), 40)},
                   auditor_statement=ContentFile(PDF, name="v.pdf"))
        transition(granted_plan, "settle", named["assessor"], approved_by=named["policy_officer"],
                   settled_on=dt.date(2016, 9, 1))
        settlement = granted_plan.settlements.get()
        services.notify(services.applicant_users(granted_plan), "settlement_taken", {
            "plan": granted_plan.name, "version": 1, "settled_on": settlement.settled_on,
            "determined": settlement.determined_subsidy_eur, "balance": abs(settlement.balance_eur),
            "balance_positive": settlement.balance_eur > 0, "balance_negative": settlement.balance_eur < 0,
        }, language="en")
        assert services.settlement_taken(settlement) == []  # the settlement told the applicant already
        services.revision_decided(granted_plan, request_id=7, approved=False)
    # The declaration also invites the partners to the survey (issue 14): not what this test is about.
    subjects = [m["Subject"] for _, m in smtp_server.messages if "enquête" not in m["Subject"]]
    assert subjects == [f"Vaststelling van {granted_plan.name}", f"Settlement of {granted_plan.name}",
                        f"Herzieningsverzoek voor {granted_plan.name}: afgewezen"]
    dutch, english = bodies(smtp_server)[:2]
    assert "Dear Anna Aanvrager," in english and "has been settled at €" in english
    amount = f"{settlement.determined_subsidy_eur:,.2f}"
    assert amount in english
    assert amount.replace(",", "X").replace(".", ",").replace("X", ".") in dutch
    assert_nothing_personal_but(smtp_server, {"applicant@example.org": "Anna Aanvrager"},
                                ["Bert Beoordelaar", "Carla Beleid", "Olaf Buiten"])


def test_a_revision_request_decided_either_way_tells_the_applicant_once(named, granted_plan, smtp_server,
                                                                        django_capture_on_commit_callbacks):
    def request():
        return workflow.request_revision(granted_plan, named["applicant"], reason="minder deelnemers", changes=[
            {"op": "set", "measure": "M01", "planned_participants": 400}], analysis_date=dt.date(2014, 6, 1))

    with django_capture_on_commit_callbacks(execute=True):
        granted = request()
        workflow.approve(workflow.propose(granted_plan, "revision", {}, named["assessor"], revision_request=granted),
                         named["policy_officer"])
        refused = request()
        workflow.refuse_revision(refused, named["assessor"])
    subjects = [m["Subject"] for _, m in smtp_server.messages]
    assert subjects == [f"Herzieningsverzoek voor {granted_plan.name}: toegekend",
                        f"Herzieningsverzoek voor {granted_plan.name}: afgewezen"]
    assert "de herziene beschikking is versie 2" in bodies(smtp_server)[0]
    assert set(Notification.objects.filter(kind="revision_decided").values_list("key", flat=True)) == {
        f"revision:{granted.pk}", f"revision:{refused.pk}"}
    assert not Notification.objects.filter(kind="decision_taken", key__startswith="decision:").exclude(
        key=f"decision:{granted_plan.decisions.get(version=1).pk}").exists()  # no second message for version 2


@pytest.mark.parametrize("step", ["refuse", "withdraw"])
def test_a_plan_closed_without_subsidy_tells_the_applicant(step, named, submitted_plan, smtp_server,
                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        if step == "refuse":
            closing = transition(submitted_plan, "refuse", named["assessor"], approved_by=named["policy_officer"],
                                 reasons=[{"ground": "ceiling", "text": "Het plafond is bereikt."}])
        else:
            closing = transition(submitted_plan, "withdraw", named["applicant"], reason="Geen partners meer")
    assert services.plan_closed(closing) == []
    (to, mail), = smtp_server.messages
    expected = {"refuse": "Aanvraag afgewezen", "withdraw": "Plan ingetrokken"}[step]
    assert mail["Subject"] == f"{expected}: {submitted_plan.name}"
    assert closing.reference in mail.get_content() and "Beste Anna Aanvrager," in mail.get_content()
    assert_nothing_personal_but(smtp_server, {"applicant@example.org": "Anna Aanvrager"},
                                ["Bert Beoordelaar", "Carla Beleid", "Olaf Buiten", "Geen partners meer"])


def test_a_finished_participant_upload_tells_who_uploaded_it(named, granted_plan, smtp_server,
                                                             django_capture_on_commit_callbacks):
    from sectorplannen.participants.models import ImportBatch

    batch = ImportBatch.objects.create(plan=granted_plan, file_name="deelnemers.csv", actor=named["applicant"],
                                       rows_read=20, stored=18, rejected=2)
    cli = ImportBatch.objects.create(plan=granted_plan, file_name="deelnemers.csv", rows_read=20, stored=20)
    with django_capture_on_commit_callbacks(execute=True):
        assert [n.recipient for n in services.import_finished(batch)] == [named["applicant"]]
        assert services.import_finished(batch) == [] and services.import_finished(cli) == []
    (body,) = bodies(smtp_server)
    assert "20 rijen gelezen, 18 opgeslagen, 2 afgekeurd" in body


def test_upload_finished_tells_counts_and_masks_a_number_in_the_file_name(named, granted_plan, smtp_server,
                                                                         official_test_bsns,
                                                                         django_capture_on_commit_callbacks):
    bsn = official_test_bsns[1]
    with django_capture_on_commit_callbacks(execute=True):
        services.upload_finished(named["applicant"], granted_plan, upload_id=3, file_name=f"deelnemers-{bsn}.csv",
                                 rows_read=1200, stored=1190, rejected=10)
    (body,) = bodies(smtp_server)
    assert "1200 rijen gelezen, 1190 opgeslagen, 10 afgekeurd" in body and "foutenbestand" in body
    assert "******782" in body
    assert_nothing_personal_but(smtp_server, {"applicant@example.org": "Anna Aanvrager"}, [], official_test_bsns)


def test_an_organisation_means_all_its_active_members(named, organisation, smtp_server,
                                                      django_capture_on_commit_callbacks):
    from sectorplannen.accounts.services import create_user

    second = create_user("tweede", role="applicant", password="x" * 20, organisations=[organisation])
    second.email = "tweede@example.org"
    second.save()
    gone = create_user("weg", role="applicant", password="x" * 20, organisations=[organisation])
    gone.is_active = False
    gone.email = "weg@example.org"
    gone.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(organisation, "revision_decided", {"plan": "Plan X", "approved": True, "version": 2})
    assert sorted(to[0] for to, _ in smtp_server.messages) == ["applicant@example.org", "tweede@example.org"]
    by_address = {to[0]: m.get_content() for to, m in smtp_server.messages}
    assert "Beste tweede," in by_address["tweede@example.org"]
    assert "Anna" not in by_address["tweede@example.org"]


def test_a_mail_server_that_is_down_loses_no_message(named, granted_plan, smtp_server, settings):
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nothing listens there
    note = Notification.objects.get()  # the grant's message (its mail was to go when the grant committed)
    assert note.kind == "decision_taken" and note.emailed_at is None
    assert services.retry_unsent() == 0
    note.refresh_from_db()
    assert note.emailed_at is None and note.mail_attempts == 1 and note.mail_error
    settings.EMAIL_PORT = port
    assert services.retry_unsent() == 1
    note.refresh_from_db()
    assert note.emailed_at is not None and len(smtp_server.messages) == 1
    assert services.retry_unsent() == 0


def test_the_inbox_shows_only_the_users_own_messages(named, granted_plan, client):
    from tests.portal.conftest import PASSWORD

    assert services.decision_taken(granted_plan.decisions.get(version=1)) == []  # the grant made it
    client.login(username="applicant", password=PASSWORD)
    assert 'href="/berichten/"' in client.get("/", follow=True).content.decode()  # in every page header
    page = client.get("/berichten/").content.decode()
    assert f"Besluit over {granted_plan.name}" in page and "1 ongelezen bericht" in page
    assert client.post("/berichten/").status_code == 302
    assert services.unread_count(named["applicant"]) == 0
    client.logout()
    client.login(username="outsider", password=PASSWORD)
    page = client.get("/berichten/").content.decode()
    assert granted_plan.name not in page and "U hebt nog geen berichten." in page
