"""The qualitative half of the evaluation through the API (issue 14): the project leader fills in, checks
and submits the final report and the declaration needs it where the scheme says so; the partner
survey's status and contacts; the codebooks; two evaluators code an interview blind and read their
kappa; a tabulation with its disclosure control. All on the portal's services: the findings are the
portal's problems, the tabulations the evaluator's page's rows."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from django.urls import reverse

from sectorplannen.accounts.services import create_user
from sectorplannen.organisations.models import Organisation
from sectorplannen.plans.models import PlanPartner
from sectorplannen.qualitative import services as q
from sectorplannen.qualitative.agreement import cohen_kappa
from sectorplannen.qualitative.models import Coding, FinalReport, SurveyContact
from sectorplannen.qualitative.present import rows
from sectorplannen.qualitative.reports import current_codebook
from sectorplannen.qualitative.store import load_frame
from sectorplannen.qualitative.survey import invite_partners

from ..portal.test_matrix import PDF
from ..qualitative.answers import PLAN_ANSWERS, measure_answers
from .conftest import PASSWORD, token_for

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def url(name, *args):
    return reverse(f"api:{name}", args=args)


def names(problem_body) -> dict[str, str]:
    return {p["name"]: p["code"] for p in problem_body["invalidParams"]}


def require_report(plan, required=True):
    scheme = plan.scheme
    scheme.parameters = {**scheme.parameters, "final_report": {"required": required}}
    scheme.save()
    plan.scheme.refresh_from_db()


def test_the_project_leader_fills_in_checks_and_submits_the_final_report(api, users, granted_plan):
    api.as_(token_for(users["applicant"]))
    # below plan: 100 of the 500 of the decision in the latest progress report
    r = api.post(url("progress_reports", granted_plan.pk),
                 {"month": 12, "lines": [{"code": "M01", "participants": 100, "costs_eur": "100000.00"}]},
                 format="json")
    assert r.status_code == 201, r.content
    report = api.get(url("final_report", granted_plan.pk)).json()
    assert report["state"] == "draft" and report["codebook_version"] == current_codebook().version
    m01 = report["measures"][0]
    assert (m01["code"], m01["planned"], m01["realised"], m01["realised_source"]) == ("M01", 500, 100,
                                                                                       "progress_report")
    assert m01["reached"] is False  # computed from the decision, never asked
    assert set(report["answers"]) == {"A", "B", "C", "D"} and report["progress"] == {b: False for b in "ABCD"} | {
        "A": report["progress"]["A"]}

    check = api.get(url("final_report_findings", granted_plan.pk)).json()
    assert check["complete"] is False
    assert {"name": "answers.C.C1", "code": "required"}.items() <= next(
        f for f in check["findings"] if f["name"] == "answers.C.C1").items()

    # a draft is saved with its problems (nothing is lost); the problems are the portal's
    r = api.patch(url("final_report", granted_plan.pk), {"answers": {"C": {"C5": ["none", "personnel"],
                                                                           "C1": "union"}}}, format="json")
    assert r.status_code == 200, r.content
    found = {f["name"]: f["code"] for f in r.json()["findings"]}
    assert found == {"answers.C.C5": "exclusive"}
    stored = FinalReport.objects.get(plan=granted_plan)
    assert stored.answers == {"C5": ["none", "personnel"], "C1": "union"}
    portal = q.block_problems(stored, "C", complete=False)
    assert [(p.question, p.code) for p in portal] == [("C5", "exclusive")]

    # wrong shapes are a 400 with the path, and nothing is stored
    for body, name, code in [
        ({"answers": {"C": {"ZZ9": "x"}}}, "answers.C.ZZ9", "unknown_question"),
        ({"answers": {"B": {"M99": {"B1": "as_planned"}}}}, "answers.B.M99", "unknown_measure"),
        ({"answers": {"C": {"C1": {"nested": 1}}}}, "answers.C.C1", "invalid_value"),
        ({"answers": {"E": {}}}, "answers", "invalid_value"),
    ]:
        r = api.patch(url("final_report", granted_plan.pk), body, format="json")
        assert r.status_code == 400 and r["Content-Type"] == PROBLEM, (body, r.content)
        assert names(r.json()) == {name: code}
    assert FinalReport.objects.get(plan=granted_plan).answers["C1"] == "union"

    # a measure that fell short takes a reason, one that reached its target not (the portal's check)
    complete = {**PLAN_ANSWERS, "B": {"M01": measure_answers(True)}}
    r = api.patch(url("final_report", granted_plan.pk), {"answers": complete}, format="json")
    assert r.status_code == 200 and r.json()["findings"] == [], r.json()["findings"]
    assert r.json()["progress"]["B"] and r.json()["progress"]["C"] and r.json()["progress"]["D"]
    assert api.get(url("final_report_findings", granted_plan.pk)).json() == {"complete": True, "findings": []}

    r = api.post(url("final_report_submit", granted_plan.pk))
    assert r.status_code == 200 and r.json()["state"] == "submitted", r.content
    r = api.post(url("final_report_submit", granted_plan.pk))
    assert r.status_code == 409 and names(r.json()) == {"": "submitted"}
    r = api.patch(url("final_report", granted_plan.pk), {"answers": {"D": {"D6": "no"}}}, format="json")
    assert r.status_code == 409 and FinalReport.objects.get(plan=granted_plan).answers["D6"] == "yes"


def test_a_shortfall_reason_where_the_target_was_reached_is_a_finding(api, users, granted_plan):
    api.as_(token_for(users["applicant"]))
    api.post(url("progress_reports", granted_plan.pk),
             {"month": 12, "lines": [{"code": "M01", "participants": 500, "costs_eur": "100000.00"}]}, format="json")
    r = api.patch(url("final_report", granted_plan.pk),
                  {"answers": {"B": {"M01": measure_answers(True)}}}, format="json")
    assert {f["name"]: f["code"] for f in r.json()["findings"]} == {"answers.B.M01.B6": "not_below_plan"}
    assert r.json()["answers"]["B"]["M01"]["B6"] == ["employer_interest"]  # kept as a draft
    r = api.post(url("final_report_submit", granted_plan.pk))
    assert r.status_code == 422 and r["Content-Type"] == PROBLEM
    assert names(r.json())["answers.B.M01.B6"] == "not_below_plan" and names(r.json())["answers.C.C1"] == "required"


def test_the_api_declaration_needs_the_final_report_where_the_scheme_says_so(api, users, granted_plan):
    require_report(granted_plan)
    api.as_(token_for(users["applicant"]))
    declaration = {"lines": [{"code": "M01", "realised_participants": 450, "eligible_costs_eur": "580000.00"}],
                   "auditor_statement_pdf": base64.b64encode(PDF).decode()}
    r = api.post(url("declarations", granted_plan.pk), declaration, format="json")
    assert r.status_code == 422 and names(r.json()) == {"": "final_report_missing"}, r.content
    complete = {**PLAN_ANSWERS, "B": {"M01": measure_answers(True)}}  # none registered: below plan
    assert api.patch(url("final_report", granted_plan.pk), {"answers": complete}, format="json").status_code == 200
    r = api.post(url("declarations", granted_plan.pk), declaration, format="json")
    assert r.status_code == 422 and "concept" in r.json()["detail"]  # a draft is not enough
    r = api.post(url("final_report_submit", granted_plan.pk))
    assert r.status_code == 200, r.content
    assert api.post(url("declarations", granted_plan.pk), declaration, format="json").status_code == 201


def test_nobody_but_the_main_applicant_reads_a_plans_report(api, users, granted_plan):
    for role in ("outsider", "assessor", "policy_officer", "evaluator"):
        api.as_(token_for(users[role]))
        assert api.get(url("final_report", granted_plan.pk)).status_code == 403, role
    api.as_(token_for(users["applicant"], scopes=["read"]))
    assert api.get(url("final_report", granted_plan.pk)).status_code == 200
    r = api.patch(url("final_report", granted_plan.pk), {"answers": {"C": {"C1": "union"}}}, format="json")
    assert r.status_code == 403  # a read token does not write


def test_the_survey_status_and_contacts_for_the_project_leader(api, users, granted_plan, mailoutbox):
    guest = Organisation.objects.create(name="Bond Zonder Account", kind="union")
    PlanPartner.objects.create(plan=granted_plan, organisation=guest, kind="union", roles=["partner"])
    invite_partners(granted_plan, dt.date(2014, 5, 15))
    api.as_(token_for(users["applicant"]))
    status = api.get(url("survey_invitations", granted_plan.pk)).json()
    assert status["count"] == len(granted_plan.partners.all())
    assert {s["organisation"]: s["reached_by"] for s in status["results"]}["Bond Zonder Account"] == ""
    assert set(status["results"][0]) == {"organisation", "answered", "expires_on", "reminders", "reached_by"}
    assert api.get(url("survey_invitations", granted_plan.pk) + "?beantwoord=true").json()["count"] == 0
    assert api.get(url("survey_invitations", granted_plan.pk) + "?beantwoord=ja").status_code == 400

    member_org = users["applicant"].memberships.first().organisation
    r = api.post(url("survey_contacts", granted_plan.pk), {"organisation_id": member_org.pk, "name": "Iemand",
                                                           "email": "iemand@example.org"}, format="json")
    assert r.status_code == 400 and names(r.json()) == {"organisation_id": "not_without_users"}
    r = api.post(url("survey_contacts", granted_plan.pk), {"organisation_id": guest.pk, "name": "Dirk Bond",
                                                           "email": "geen-adres"}, format="json")
    assert r.status_code == 400 and names(r.json()) == {"email": "invalid_value"}
    r = api.post(url("survey_contacts", granted_plan.pk), {"organisation_id": guest.pk, "name": "Dirk Bond",
                                                           "email": "dirk@bond.example"}, format="json")
    assert r.status_code == 201 and r.json()["mailed"] is True, r.content
    assert [m.to for m in mailoutbox] == [["dirk@bond.example"]] and "/partnerenquete/link/" in mailoutbox[0].body
    assert SurveyContact.objects.get(plan=granted_plan).name == "Dirk Bond"
    listed = api.get(url("survey_contacts", granted_plan.pk)).json()["results"]
    assert listed == [{"organisation_id": guest.pk, "organisation": "Bond Zonder Account", "name": "Dirk Bond",
                       "email": "dirk@bond.example"}]
    status = api.get(url("survey_invitations", granted_plan.pk)).json()["results"]
    assert {s["organisation"]: s["reached_by"] for s in status}["Bond Zonder Account"] == "mail"
    api.as_(token_for(users["assessor"]))
    assert api.get(url("survey_contacts", granted_plan.pk)).status_code == 403  # names and addresses: the PL only


def test_codebooks_and_goal_lists_are_versioned_documents(api, users):
    api.as_(token_for(users["applicant"]))
    versions = api.get(url("codebooks")).json()
    latest = current_codebook()
    assert versions["results"][-1]["version"] == latest.version
    detail = api.get(url("codebook", latest.version)).json()
    assert detail["document"] == latest.document
    goals = api.get(url("codebook_goals", latest.version)).json()
    book = latest.codebook
    assert {t["theme"] for t in goals["themes"]} == set(book.goals)
    training = next(t for t in goals["themes"] if t["theme"] == "training")
    assert [g["code"] for g in training["goals"]] == list(book.goals["training"].codes)
    tested = {g["code"]: g["indicators"] for t in goals["themes"] for g in t["goals"]}
    assert all(f"{i['table']}:{i['outcome']}" in book.indicators[code] for code, found in tested.items()
               for i in found)
    assert [m["code"] for m in goals["mechanisms"]] == list(book.lists["mechanism"].codes)
    assert api.get(url("codebook", 999)).status_code == 404


@pytest.fixture
def coders(users):
    second = create_user("evaluator2", role="evaluator", password=PASSWORD)
    return token_for(users["evaluator"]), token_for(second), second


def test_two_coders_code_an_interview_blind_and_read_their_kappa(api, users, coders, granted_plan):
    first, second, second_user = coders
    api.as_(first)
    r = api.post(url("interviews"), {"kind": "group", "interviewee": "partners van het plan",
                                     "held_on": "2017-03-01", "text": "Geen belangentegenstellingen."}, format="json")
    assert r.status_code == 400 and names(r.json()) == {"plan_id": "plan_required"}  # the portal's rule
    notes = []
    for i in range(3):
        r = api.post(url("interviews"), {"kind": "group", "plan_id": granted_plan.pk, "interviewee": f"partners {i}",
                                         "held_on": "2017-03-01", "text": "Verslag."}, format="json")
        assert r.status_code == 201 and r.json()["coders"] == 0, r.content
        notes.append(r.json()["id"])
    first_codes = [("no", ["trust", "urgency"]), ("yes", ["trust"]), ("no", ["urgency"])]
    second_codes = [("no", ["trust"]), ("yes", ["trust"]), ("yes", ["urgency"])]
    for note, (c15, c9) in zip(notes, first_codes, strict=True):
        r = api.patch(url("interview_coding", note), {"codes": {"C": {"C15": c15, "C9": c9}}}, format="json")
        assert r.status_code == 200 and r.json()["codes"] == {"C": {"C15": c15, "C9": c9}}, r.content
    assert api.get(url("coder_agreement")).json()["count"] == 0  # one coder: no agreement yet

    api.as_(second)
    for note in notes:  # blind: the second coder reads only their own (none yet), never the first's
        own = api.get(url("interview_coding", note)).json()
        assert own["codes"] == {} and own["coders"] == 1
        assert "trust" not in api.get(url("interview", note)).content.decode()
    r = api.patch(url("interview_coding", notes[0]), {"codes": {"C": {"C15": "perhaps"}}}, format="json")
    assert r.status_code == 422 and names(r.json()) == {"codes.C.C15": "unknown_code"}
    r = api.patch(url("interview_coding", notes[0]), {"codes": {"C": {"C1x": "no"}}}, format="json")
    assert r.status_code == 400 and names(r.json()) == {"codes.C.C1x": "unknown_question"}
    for note, (c15, c9) in zip(notes, second_codes, strict=True):
        r = api.patch(url("interview_coding", note), {"codes": {"C": {"C15": c15, "C9": c9}}}, format="json")
        assert r.json()["codes"] == {"C": {"C15": c15, "C9": c9}} and r.json()["coders"] == 2
    assert Coding.objects.filter(coder=second_user).count() == 6

    agreement = {a["question"]: a for a in api.get(url("coder_agreement")).json()["results"]}
    expected = cohen_kappa([c for c, _ in first_codes], [c for c, _ in second_codes])
    assert agreement["C15"]["notes"] == 3 and agreement["C15"]["kappa"] == round(float(expected), 4)
    trust = next(c for c in agreement["C9"]["codes"] if c["code"] == "trust")
    assert trust["agreed"] == 3 and trust["kappa"] == 1.0
    urgency = next(c for c in agreement["C9"]["codes"] if c["code"] == "urgency")
    assert urgency["agreed"] == 2
    assert urgency["kappa"] == round(float(cohen_kappa([True, False, True], [False, False, True])), 4)
    assert api.get(url("interviews") + "?kind=group").json()["count"] == 3
    assert api.get(url("interviews") + "?kind=stakeholder").json()["count"] == 0
    api.as_(token_for(users["policy_officer"]))
    assert api.get(url("interviews")).status_code == 403 and api.get(url("coder_agreement")).status_code == 403


@pytest.fixture
def reports(granted_plan, users):
    """Submitted final reports of six plans of tranches 1–2: four rate the partners' cooperation 'good'
    (C6), two 'moderate'."""
    from sectorplannen.plans.application import submit_application
    from sectorplannen.workflow.services import transition

    from ..portal.conftest import application

    plans = [granted_plan]
    for i in range(5):
        plan = submit_application(application(f"Sectorplan Tabel {i}"), actor=users["applicant"])
        transition(plan, "grant", users["assessor"], approved_by=users["policy_officer"],
                   decided_on=dt.date(2014, 7, 1))
        plans.append(plan)
    for i, plan in enumerate(plans):
        report = q.report_for(plan)
        answers = {**PLAN_ANSWERS["C"], "C6": "good" if i < 4 else "moderate"}
        FinalReport.objects.filter(pk=report.pk).update(answers=answers, state="submitted")
    return plans


def test_a_tabulation_with_its_disclosure_control(api, users, reports, settings):
    assert {p.tranche_label for p in reports} <= {"1", "2"}
    api.as_(token_for(users["evaluator"]))
    # by default no cell shows fewer than 10 people: six respondents give no figure anywhere
    row = api.get(url("tabulation", "T-46a") + "?per=soort").json()
    assert (row["k"], row["n"], row["computed"], row["suppressed"], row["meets"]) == (None, 6, "–", True, None)
    assert [(g["value"], g["suppressed"]) for g in row["groups"]] == [("–", True)]
    shown = api.get(url("tabulations") + "?pageSize=500").json()
    assert shown["min_respondents"] == 10
    assert all(r["computed"] == "–" and r["k"] is None for r in shown["results"] if r["n"] < 10)

    settings.QUALITATIVE_MIN_RESPONDENTS = 5  # a lower threshold (configurable): the figures appear
    page = api.get(url("tabulations") + "?tabel=T-46a").json()
    assert (page["count"], page["respondents"], page["synthetic"], page["min_respondents"]) == (1, 6, 0, 5)
    row = page["results"][0]
    assert (row["k"], row["n"], row["computed"], row["suppressed"]) == (4, 6, "66,7 %", False)
    assert row["printed"] == "ruim 9 van de 10" and row["meets"] is False
    by_kind = api.get(url("tabulation", "T-46a") + "?per=soort").json()
    assert [(g["value"], g["n"], g["suppressed"]) for g in by_kind["groups"]] == [("66,7 %", 6, False)]
    everything = api.get(url("tabulations") + "?pageSize=500").json()
    portal = rows(load_frame(), current_codebook().codebook)
    assert [(r["id"], r["computed"], r["n"]) for r in everything["results"]] == [(r.id, r.computed, r.n)
                                                                                 for r in portal]
    assert not any(p.name in api.get(url("tabulations") + "?pageSize=500").content.decode() for p in reports)

    assert api.get(url("tabulations") + "?per=plan").status_code == 400
    assert api.get(url("tabulations") + "?eenheid=plannen").json()["count"] == sum(
        1 for r in portal if r.unit == "plannen")
    assert api.get(url("tabulation", "T-99")).status_code == 404
    for role in ("applicant", "assessor"):
        api.as_(token_for(users[role]))
        assert api.get(url("tabulations")).status_code == 403, role
    api.as_(token_for(users["policy_officer"]))
    assert api.get(url("tabulations")).status_code == 200


def test_a_plans_measures_show_their_narrow_goals(api, users, granted_plan):
    granted_plan.measures.update(goals=["human_capital"], mechanism="skills", goals_codebook=1)
    api.as_(token_for(users["assessor"]))
    measure = api.get(url("plan", granted_plan.pk)).json()["measures"][0]
    assert (measure["goals"], measure["mechanism"], measure["goals_codebook"]) == (["human_capital"], "skills", 1)
