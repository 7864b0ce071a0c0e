"""The permission matrix: every page and action of the portal, for every role.

Each request runs inside a savepoint that is rolled back, so an allowed action (an approval, an
upload) does not change the world for the next role. Allowed means the view did its work (200,
a redirect that is not to the login page, or 422 for an empty form); denied means 403, and an
anonymous visitor is sent to the login page.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import get_resolver, reverse

from sectorplannen.finance.services import DeclaredMeasure
from sectorplannen.organisations.models import Organisation
from sectorplannen.participants.services import submit_upload_job
from sectorplannen.plans.application import submit_application
from sectorplannen.plans.models import Plan, PlanPartner
from sectorplannen.portal.drafts import new_draft
from sectorplannen.portal.models import UploadReport
from sectorplannen.qualitative.models import InterviewNote
from sectorplannen.qualitative.reports import current_codebook
from sectorplannen.qualitative.survey import invite_partners
from sectorplannen.workflow import services
from sectorplannen.workflow.services import transition

from .conftest import PASSWORD, application

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "applicant", "outsider", "assessor", "assessor2", "policy_officer", "linkage_officer",
         "evaluator", "administrator", "employer_a", "employer_b"]
EVERYONE = set(ROLES) - {"anonymous"}
PLAN_READERS = {"applicant", "assessor", "assessor2", "policy_officer", "administrator"}
DESK = {"assessor", "assessor2", "policy_officer"}
AGENCY_READERS = {"assessor", "assessor2", "policy_officer", "administrator"}  # every plan, reference plans too
NOBODY: set[str] = set()
ASSESSORS = {"assessor", "assessor2"}
AGENCY = {"assessor", "assessor2", "policy_officer", "linkage_officer", "administrator"}
PDF = b"%PDF-1.4\n%%EOF\n"
EMPLOYERS = {"employer_a", "employer_b"}

# (url name, method, url arguments from the world, roles allowed)
def _effects_file() -> str:
    """A protected effects.csv where the portal looks for it (the content is not the point here)."""
    from django.conf import settings

    folder = Path(settings.SECTORPLANNEN_EFFECTS_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "effects.csv").write_text("method,outcome,dimension,group,event_month,att,se,ci_low,ci_high,"
                                        "n_treated,n_comparison,suppressed\n", encoding="utf-8")
    return "effects.csv"


def _evaluation_table() -> str:
    """An outcome file where the evaluator's page looks for it; its first table is ``U.1``."""
    from django.conf import settings

    folder = Path(settings.SECTORPLANNEN_EVALUATION_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hours.csv").write_text("measurement_date,dimension,group,outcome,n,share,suppressed\n"
                                      "2019-05-31,total,total,voltijd,120,0.8000,false\n", encoding="utf-8")
    return "U.1"


def _settlement_run() -> int:
    """A finished settlement run (issue 17) to open and to cancel."""
    from sectorplannen.jobs.models import Job

    return Job.objects.get_or_create(key="matrix-settlement-run", defaults={
        "kind": "settlement_run", "task_path": "sectorplannen.workflow.settlement_run.settlement_run_task",
        "status": "succeeded", "result": {"rows": []}})[0].pk


def _evaluation_run() -> tuple[int, int]:
    """A finished evaluation run (issue 17) with one output file: (job id, file id)."""
    from sectorplannen.jobs.models import Job, JobFile
    from sectorplannen.jobs.runner import jobs_dir

    run, _ = Job.objects.get_or_create(key="matrix-evaluation-run", defaults={
        "kind": "evaluation_run", "task_path": "sectorplannen.portal.evaluation_jobs.evaluation_task",
        "status": "succeeded", "params": {"delivery": "levering", "dates": ["2019-05-31"]},
        "result": {"outcome": "complete", "files": []}})
    folder = jobs_dir() / str(run.pk)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hours.csv").write_text("measurement_date\n", encoding="utf-8")
    found, _ = JobFile.objects.get_or_create(job=run, name="hours.csv", defaults={
        "path": f"{run.pk}/hours.csv", "size": 17, "sha256": "0" * 64, "content_type": "text/csv"})
    return run.pk, found.pk


MATRIX = [
    ("accounts:login", "GET", lambda w: [], set(ROLES)),
    ("accounts:code", "GET", lambda w: [], set(ROLES)),  # without a pending login: back to the login page
    ("accounts:logout", "POST", lambda w: [], set(ROLES)),
    ("accounts:totp_setup", "GET", lambda w: [], AGENCY),
    ("portal:home", "GET", lambda w: [], EVERYONE),
    ("portal:my_plans", "GET", lambda w: [], {"applicant", "outsider"}),
    ("portal:draft_create", "POST", lambda w: [], {"applicant", "outsider"}),
    ("portal:draft_step", "GET", lambda w: [w["draft"].pk, "algemeen"], {"applicant"}),
    ("portal:draft_step", "POST", lambda w: [w["draft"].pk, "algemeen"], {"applicant"}),
    ("portal:draft_delete", "POST", lambda w: [w["draft"].pk], {"applicant"}),  # issue 18
    ("portal:help", "GET", lambda w: [], EVERYONE),  # issue 18
    ("portal:attachment", "GET", lambda w: [w["attachment"].pk], {"applicant"}),  # of a draft: its writer only
    ("portal:plan_list", "GET", lambda w: [], AGENCY_READERS),
    ("portal:plan_detail", "GET", lambda w: [w["submitted"].pk], PLAN_READERS),
    ("portal:application_copy", "GET", lambda w: [w["submitted"].pk], PLAN_READERS),  # issue 18: the receipt
    ("portal:decision_detail", "GET", lambda w: [w["granted"].pk, 1], PLAN_READERS),
    ("portal:decision_letter", "GET", lambda w: [w["granted"].pk, 1], PLAN_READERS),
    ("portal:revision_request", "GET", lambda w: [w["granted"].pk], {"applicant"}),
    ("portal:revision_request", "POST", lambda w: [w["granted"].pk], {"applicant"}),
    ("portal:plan_audit", "GET", lambda w: [w["granted"].pk], PLAN_READERS),
    ("portal:participants", "GET", lambda w: [w["granted"].pk], {"applicant", "assessor", "assessor2"}),
    ("portal:participants", "POST", lambda w: [w["granted"].pk], {"applicant"}),
    ("portal:upload_template", "GET", lambda w: [w["granted"].pk], {"applicant"}),  # issue 18
    ("portal:upload_report", "GET", lambda w: [w["granted"].pk, w["upload"].pk], {"applicant", *ASSESSORS}),
    ("portal:upload_errors_csv", "GET", lambda w: [w["granted"].pk, w["upload"].pk], {"applicant", *ASSESSORS}),
    ("portal:upload_job", "GET", lambda w: [w["granted"].pk, w["upload_job"].pk], {"applicant", *ASSESSORS}),
    ("portal:upload_job_cancel", "POST", lambda w: [w["granted"].pk, w["upload_job"].pk], {"applicant"}),
    ("portal:upload_job_download", "GET", lambda w: [w["granted"].pk, w["upload_job"].pk, "fouten"],
     {"applicant", *ASSESSORS}),
    ("portal:progress_report", "GET", lambda w: [w["granted"].pk], {"applicant"}),
    ("portal:progress_report", "POST", lambda w: [w["granted"].pk], {"applicant"}),
    ("portal:declaration", "GET", lambda w: [w["granted"].pk], {"applicant"}),
    ("portal:declaration", "POST", lambda w: [w["granted"].pk], {"applicant"}),
    ("portal:finance", "GET", lambda w: [w["settled"].pk], PLAN_READERS),
    ("portal:settlement_letter", "GET", lambda w: [w["settled"].pk, 1], PLAN_READERS),
    ("portal:calculator", "GET", lambda w: [], {"applicant", "outsider", *DESK, "administrator"}),
    ("portal:queue", "GET", lambda w: [], DESK),
    ("portal:assess", "GET", lambda w: [w["submitted"].pk], ASSESSORS),
    ("portal:assess", "POST", lambda w: [w["submitted"].pk], ASSESSORS),
    ("portal:settle", "GET", lambda w: [w["declared"].pk], ASSESSORS),
    ("portal:settle", "POST", lambda w: [w["declared"].pk], ASSESSORS),
    ("portal:advances", "GET", lambda w: [w["granted"].pk], ASSESSORS),
    ("portal:advances", "POST", lambda w: [w["granted"].pk], ASSESSORS),
    ("portal:revision_review", "GET", lambda w: [w["revision"].pk], ASSESSORS),
    ("portal:revision_review", "POST", lambda w: [w["revision"].pk], ASSESSORS),
    ("portal:proposals", "GET", lambda w: [], DESK),
    ("portal:proposal_detail", "GET", lambda w: [w["proposal"].pk], DESK),
    ("portal:proposal_letter", "GET", lambda w: [w["proposal"].pk], DESK),  # issue 18: the draft letter
    ("portal:proposal_approve", "POST", lambda w: [w["proposal"].pk], {"policy_officer"}),
    ("portal:proposal_reject", "POST", lambda w: [w["proposal"].pk], {"policy_officer"}),
    # The workflow's steps (refuse and lapse with four eyes, withdraw and start by the applicant)
    ("portal:refuse", "GET", lambda w: [w["submitted"].pk], ASSESSORS),
    ("portal:refuse", "POST", lambda w: [w["submitted"].pk], ASSESSORS),
    ("portal:withdraw", "GET", lambda w: [w["granted"].pk], {"applicant"}),
    ("portal:withdraw", "POST", lambda w: [w["granted"].pk], {"applicant"}),
    ("portal:start", "GET", lambda w: [w["granted"].pk], {"applicant"}),
    ("portal:start", "POST", lambda w: [w["granted"].pk], {"applicant"}),
    ("portal:lapse", "GET", lambda w: [w["granted"].pk], ASSESSORS),
    ("portal:lapse", "POST", lambda w: [w["granted"].pk], ASSESSORS),
    ("portal:resettle", "GET", lambda w: [w["settled"].pk], ASSESSORS),
    ("portal:resettle", "POST", lambda w: [w["settled"].pk], ASSESSORS),
    ("portal:closing_letter", "GET", lambda w: [w["withdrawn"].pk], PLAN_READERS),
    ("portal:dashboard", "GET", lambda w: [], {"assessor", "assessor2", "policy_officer", "administrator"}),
    ("portal:realisation_report", "GET", lambda w: ["xlsx"], {"assessor", "assessor2", "policy_officer",
                                                              "administrator"}),
    ("portal:realisation_table", "GET", lambda w: ["3.1", "csv"], {"assessor", "assessor2", "policy_officer",
                                                                   "administrator"}),
    ("portal:evaluation", "GET", lambda w: [], {"evaluator", "policy_officer"}),
    ("portal:effects_download", "GET", lambda w: [_effects_file()], {"evaluator", "policy_officer"}),
    ("portal:system_audit", "GET", lambda w: [], {"administrator"}),
    ("portal:system_audit_download", "GET", lambda w: ["csv"], {"administrator"}),
    ("portal:evaluation_table", "GET", lambda w: [_evaluation_table(), "xlsx"], {"evaluator", "policy_officer"}),
    ("portal:queue_download", "GET", lambda w: ["csv"], DESK),
    ("portal:queue_remind", "POST", lambda w: [], DESK),
    ("portal:inbox", "GET", lambda w: [], EVERYONE),  # each user's own messages only
    ("portal:inbox", "POST", lambda w: [], EVERYONE),
    ("portal:simulator", "GET", lambda w: [], {"policy_officer"}),
    ("portal:simulator", "POST", lambda w: [], {"policy_officer"}),
    ("portal:simulator_compare", "GET", lambda w: [], {"policy_officer"}),
    # The final report (its main applicant), the partner survey, the evaluator's tabulations
    ("portal:final_report", "GET", lambda w: [w["granted"].pk], {"applicant"}),
    ("portal:final_report", "POST", lambda w: [w["granted"].pk], {"applicant"}),
    ("portal:final_report_block", "GET", lambda w: [w["granted"].pk, "C"], {"applicant"}),
    ("portal:final_report_block", "POST", lambda w: [w["granted"].pk, "C"], {"applicant"}),
    ("portal:partner_survey", "GET", lambda w: [w["invitation"].pk], {"applicant"}),
    ("portal:partner_survey_link", "GET", lambda w: [w["token"]], set(ROLES)),
    ("portal:tabulations", "GET", lambda w: [], {"evaluator", "policy_officer"}),
    ("portal:tabulations_download", "GET", lambda w: ["csv"], {"evaluator", "policy_officer"}),
    ("portal:free_text", "GET", lambda w: [], {"evaluator"}),
    ("portal:interviews", "GET", lambda w: [], {"evaluator"}),
    ("portal:interviews", "POST", lambda w: [], {"evaluator"}),
    ("portal:interview_note", "GET", lambda w: [w["note"].pk], {"evaluator"}),
    ("portal:interview_note", "POST", lambda w: [w["note"].pk], {"evaluator"}),
    # A reference plan (published figures, settled): the agency reads it, nobody acts on it, not even the
    # applicant whose organisation is a partner in it.
    ("portal:plan_detail", "GET", lambda w: [w["reference"].pk], AGENCY_READERS),
    ("portal:decision_detail", "GET", lambda w: [w["reference"].pk, 1], AGENCY_READERS),
    ("portal:decision_letter", "GET", lambda w: [w["reference"].pk, 1], AGENCY_READERS),
    ("portal:plan_audit", "GET", lambda w: [w["reference"].pk], AGENCY_READERS),
    ("portal:finance", "GET", lambda w: [w["reference"].pk], AGENCY_READERS),
    ("portal:settlement_letter", "GET", lambda w: [w["reference"].pk, 1], AGENCY_READERS),
    ("portal:participants", "GET", lambda w: [w["reference"].pk], ASSESSORS),
    ("portal:participants", "POST", lambda w: [w["reference"].pk], NOBODY),
    ("portal:revision_request", "GET", lambda w: [w["reference"].pk], NOBODY),
    ("portal:progress_report", "GET", lambda w: [w["reference"].pk], NOBODY),
    ("portal:declaration", "GET", lambda w: [w["reference"].pk], NOBODY),
    ("portal:assess", "GET", lambda w: [w["reference"].pk], NOBODY),
    ("portal:settle", "GET", lambda w: [w["reference"].pk], NOBODY),
    ("portal:advances", "GET", lambda w: [w["reference"].pk], NOBODY),
    ("portal:advances", "POST", lambda w: [w["reference"].pk], NOBODY),
    ("portal:refuse", "GET", lambda w: [w["reference"].pk], NOBODY),
    ("portal:withdraw", "GET", lambda w: [w["reference"].pk], NOBODY),
    ("portal:start", "GET", lambda w: [w["reference"].pk], NOBODY),
    ("portal:lapse", "GET", lambda w: [w["reference"].pk], NOBODY),
    ("portal:resettle", "GET", lambda w: [w["reference"].pk], NOBODY),
    # The partnership's administration (issue 21): the main applicant manages, assessors read; each employer
    # sees only its own registrations, uploads, dossiers and evidence, never another employer's.
    ("portal:partnership", "GET", lambda w: [w["granted"].pk], {"applicant", *ASSESSORS}),
    ("portal:partnership", "POST", lambda w: [w["granted"].pk], {"applicant"}),
    ("portal:claim_pay", "POST", lambda w: [w["granted"].pk, w["claim_a"].pk], {"applicant"}),
    ("portal:employer_plans", "GET", lambda w: [], EMPLOYERS),
    ("portal:employer_home", "GET", lambda w: [w["granted"].pk], EMPLOYERS),
    ("portal:employer_home", "POST", lambda w: [w["granted"].pk], EMPLOYERS),
    ("portal:employer_upload_report", "GET", lambda w: [w["granted"].pk, w["report_a"].pk], {"employer_a"}),
    ("portal:employer_upload_report", "GET", lambda w: [w["granted"].pk, w["report_b"].pk], {"employer_b"}),
    ("portal:employer_upload_job", "GET", lambda w: [w["granted"].pk, w["job_a"].pk], {"employer_a"}),
    ("portal:employer_upload_job", "GET", lambda w: [w["granted"].pk, w["job_b"].pk], {"employer_b"}),
    ("portal:employer_upload_job_cancel", "POST", lambda w: [w["granted"].pk, w["job_a"].pk], {"employer_a"}),
    ("portal:employer_upload_job_download", "GET", lambda w: [w["granted"].pk, w["job_b"].pk, "uploadverslag"],
     {"employer_b"}),
    # the applicant's job pages show no employer's upload to the employer
    ("portal:upload_job", "GET", lambda w: [w["granted"].pk, w["job_a"].pk], {"applicant", *ASSESSORS}),
    ("portal:dossier", "GET", lambda w: [w["granted"].pk, w["dossier_a"].pk], {"employer_a", "applicant", *ASSESSORS}),
    ("portal:dossier", "POST", lambda w: [w["granted"].pk, w["dossier_a"].pk], {"employer_a"}),
    ("portal:dossier", "GET", lambda w: [w["granted"].pk, w["dossier_b"].pk], {"employer_b", "applicant", *ASSESSORS}),
    ("portal:dossier", "POST", lambda w: [w["granted"].pk, w["dossier_b"].pk], {"employer_b"}),
    ("portal:evidence_download", "GET", lambda w: [w["granted"].pk, w["dossier_a"].pk, w["evidence_a"].pk],
     {"employer_a", "applicant", *ASSESSORS}),
    ("portal:partnership", "GET", lambda w: [w["reference"].pk], NOBODY),
    # budget moved to a neighbouring region's plan: the plan's readers see the requests, its applicant asks
    ("portal:budget_transfer", "GET", lambda w: [w["granted"].pk], PLAN_READERS),
    ("portal:budget_transfer", "POST", lambda w: [w["granted"].pk], {"applicant"}),
    ("portal:budget_transfer", "POST", lambda w: [w["reference"].pk], NOBODY),
    ("portal:employer_home", "GET", lambda w: [w["reference"].pk], NOBODY),
    # The applicant's advance request and its four-eyes decision (issue 18): the main applicant asks, an
    # assessor drafts or refuses, another assessor or a policy officer approves; whoever reads the plan's
    # finances reads the letter.
    ("portal:request_advance", "POST", lambda w: [w["granted"].pk], {"applicant"}),
    ("portal:request_advance", "POST", lambda w: [w["submitted"].pk], NOBODY),
    ("portal:request_advance", "POST", lambda w: [w["reference"].pk], NOBODY),
    ("portal:advance_review", "GET", lambda w: [w["advance_request"].pk], ASSESSORS),
    ("portal:advance_review", "POST", lambda w: [w["advance_request"].pk], ASSESSORS),
    ("portal:advance_letter", "GET", lambda w: [w["granted"].pk, 1], PLAN_READERS),
    ("portal:proposal_detail", "GET", lambda w: [w["advance_proposal"].pk], DESK),
    ("portal:proposal_approve", "POST", lambda w: [w["advance_proposal"].pk], {"assessor2", "policy_officer"}),
    ("portal:proposal_reject", "POST", lambda w: [w["advance_proposal"].pk], {"assessor2", "policy_officer"}),
    # Settlement runs over all plans (issue 17): assessors start and cancel them, the desk reads them.
    ("portal:settlement_runs", "GET", lambda w: [], DESK),
    ("portal:settlement_runs", "POST", lambda w: [], ASSESSORS),
    ("portal:settlement_run", "GET", lambda w: [_settlement_run()], DESK),
    ("portal:settlement_run_cancel", "POST", lambda w: [_settlement_run()], ASSESSORS),
    # The evaluation run from the evaluator's page (issue 17): the evaluator only.
    ("portal:evaluation_runs", "GET", lambda w: [], {"evaluator"}),
    ("portal:evaluation_runs", "POST", lambda w: [], {"evaluator"}),
    ("portal:evaluation_run", "GET", lambda w: [_evaluation_run()[0]], {"evaluator"}),
    ("portal:evaluation_output", "GET", lambda w: list(_evaluation_run()), {"evaluator"}),
    ("portal:evaluation_run_cancel", "POST", lambda w: [_evaluation_run()[0]], {"evaluator"}),
]


@pytest.fixture
def world(users, organisation, settings):
    """A draft, and plans submitted, granted (with an upload and a revision request), declared, settled,
    withdrawn, and a settled plan marked as a reference plan."""
    a, assessor, officer = users["applicant"], users["assessor"], users["policy_officer"]
    plans = {}
    for state in ("submitted", "granted", "declared", "settled", "reference"):
        plans[state] = submit_application(application(f"Plan {state}"), actor=a)
        if state != "submitted":
            transition(plans[state], "grant", assessor, approved_by=officer, decided_on=dt.date(2014, 7, 1))
        if state in ("declared", "settled", "reference"):
            transition(plans[state], "declare", a, submitted_on=dt.date(2016, 8, 1),
                       lines={"M01": DeclaredMeasure(450, Decimal("580000.00"), 40)},
                       auditor_statement=ContentFile(PDF, name="v.pdf"))
        if state in ("settled", "reference"):
            transition(plans[state], "settle", assessor, approved_by=officer, settled_on=dt.date(2016, 9, 1))
        if state == "reference":
            Plan.objects.filter(pk=plans[state].pk).update(is_reference=True)
        plans[state].refresh_from_db()
    plans["withdrawn"] = submit_application(application("Plan withdrawn"), actor=a)
    transition(plans["withdrawn"], "withdraw", a, reason="Geen deelnemers te vinden")
    granted = plans["granted"]
    guest = Organisation.objects.create(name="Bond Zonder Account", kind="union")
    PlanPartner.objects.create(plan=granted, organisation=guest, kind="union", roles=["partner"])
    invited = {i.invitation.organisation_id: i for i in invite_partners(granted, dt.date(2014, 5, 15))}
    partnership = _employers(users, granted, plans["reference"], a)
    errors = Path(settings.MEDIA_ROOT) / "portal_uploads" / "matrix-fouten.csv"
    errors.parent.mkdir(parents=True, exist_ok=True)
    errors.write_text("row,column,code,message\n2,bsn,bsn_invalid,BSN klopt niet\n", encoding="utf-8")
    draft = new_draft(a, organisation)
    return {
        **plans,
        "draft": draft,
        "attachment": _attachment(draft, a),
        "upload": UploadReport.objects.create(plan=granted, uploaded_by=a, file_name="d.csv", result={},
                                             errors_file=errors.name),
        "upload_job": submit_upload_job(granted, ContentFile(
            b"maatregel;bsn;geboortedatum;startdatum;doelgroep\nM01;12;1980-01-01;2014-09-01;student\n", name="d.csv"),
            user=a, original_name="d.csv"),
        "revision": services.request_revision(granted, a, changes=[{"op": "set", "measure": "M01",
                                                                    "planned_participants": 400}],
                                              reason="minder", analysis_date=dt.date(2014, 5, 1)),
        "proposal": services.propose(plans["submitted"], "grant", {"assessments": []}, assessor),
        "invitation": invited[organisation.pk].invitation, "token": invited[guest.pk].token, **partnership,
        "note": InterviewNote.objects.create(kind="stakeholder", interviewee="beleidsmedewerker",
                                             held_on=dt.date(2018, 5, 1), text="verslag",
                                             codebook=current_codebook(), created_by=users["evaluator"]),
        **_advances(users, granted, plans["settled"].name, settings),
    }


def _advances(users, granted, name, settings) -> dict:
    """On the granted plan an advance decided (letter 1) and a request open; on another running plan a
    proposal waiting for its second pair of eyes. Asked and decided after the grant (the business date
    of the other pages lies before it)."""
    a, assessor = users["applicant"], users["assessor"]
    today, settings.SECTORPLANNEN_BUSINESS_DATE = settings.SECTORPLANNEN_BUSINESS_DATE, "2014-08-01"
    first = transition(granted, "request_advance", a, amount_eur=Decimal("1000.00"), reason="eerste")
    services.approve(services.propose_advance(first, assessor), users["assessor2"])
    other = submit_application(application(f"{name} voorschot"), actor=a)
    transition(other, "grant", assessor, approved_by=users["policy_officer"], decided_on=dt.date(2014, 7, 1))
    proposed = transition(other, "request_advance", a, standard=True, reason="eerste")
    made = {"advance_decided": first,
            "advance_request": transition(granted, "request_advance", a, standard=True, reason="tweede"),
            "advance_proposal": services.propose_advance(proposed, assessor)}
    settings.SECTORPLANNEN_BUSINESS_DATE = today
    return made


def _attachment(draft, user):
    from django.utils import timezone

    from sectorplannen.portal.models import Attachment

    attachment = Attachment(draft=draft, kind="analysis", original_name="analyse.pdf", size=len(PDF),
                            uploaded_by=user, uploaded_at=timezone.now())
    attachment.file.save("analyse.pdf", ContentFile(PDF), save=True)
    return attachment

def _employers(users, granted, reference, applicant) -> dict:
    """Employers A and B in the granted plan (A also in the reference plan), each with a user, an upload
    job (and an upload report of before uploads were jobs), a dossier with evidence and a claim."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sectorplannen.accounts.services import create_user
    from sectorplannen.participants.synth import BsnSource
    from sectorplannen.partnership import services as partnership
    from sectorplannen.partnership.models import Dossier

    bsn = BsnSource(__import__("random").Random(21))
    made = {}
    for key, number in (("a", "123456789L01"), ("b", "87654321")):
        employer = partnership.invite_employer(granted, name=f"Werkgever {key}", number=number, actor=applicant,
                                               on=dt.date(2014, 8, 1))
        if key == "a":  # an employer of a reference plan acts in it no more than anyone else
            partnership.invite_employer(reference, name=employer.organisation.name, number=number, actor=applicant,
                                        on=dt.date(2014, 8, 1))
        users[f"employer_{key}"] = create_user(f"werkgever-{key}", role="employer", password=PASSWORD,
                                               organisations=[employer.organisation])
        rows = f"maatregel,bsn,geboortedatum,startdatum,doelgroep\nM01,{bsn()},1980-01-01,2014-09-01,werkend_sector\n"
        if key == "b":  # and a row in error: B's upload has an error file
            rows += "M01,12,1980-01-01,2014-09-01,werkend_sector\n"
        made[f"job_{key}"] = submit_upload_job(granted, ContentFile(rows.encode(), name="w.csv"),
                                               user=users[f"employer_{key}"], original_name="w.csv",
                                               own_employer=employer.number)
        made[f"report_{key}"] = UploadReport.objects.create(plan=granted, uploaded_by=users[f"employer_{key}"],
                                                            file_name="w.csv", result={"stored": 1})
        dossier = made[f"dossier_{key}"] = Dossier.objects.get(employer=employer)
        made[f"evidence_{key}"] = partnership.add_evidence(dossier, "invoice", SimpleUploadedFile("f.pdf", PDF),
                                                           users[f"employer_{key}"])
        made[f"claim_{key}"] = partnership.submit_claim(dossier, "100", actor=users[f"employer_{key}"],
                                                        on=dt.date(2014, 10, 1))
    return made


def _request(client, method, url):
    with transaction.atomic():
        response = client.post(url, {}) if method == "POST" else client.get(url)
        transaction.set_rollback(True)
    return response


def _ids(entry):
    return f"{entry[0]}-{entry[1]}"


@pytest.mark.parametrize("entry", MATRIX, ids=_ids)
def test_every_role_on_every_page(client, users, world, entry):
    name, method, args, allowed = entry
    url = reverse(name, args=args(world))
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            assert client.login(username=users[role].username, password=PASSWORD)
        response = _request(client, method, url)
        to_login = response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
        if role in allowed:
            assert response.status_code in (200, 302, 422) and (not to_login or name.startswith("accounts:")), (
                role, response.status_code)
        elif role == "anonymous":
            assert to_login, (role, response.status_code)
        else:
            assert response.status_code == 403, (role, response.status_code)


def test_the_matrix_names_every_page():
    names = set()
    for namespace in ("accounts", "portal"):
        resolver = get_resolver().namespace_dict[namespace][1]
        names |= {f"{namespace}:{n}" for n in resolver.reverse_dict if isinstance(n, str)}
    assert names == {entry[0] for entry in MATRIX}
