"""The project leader's side of the qualitative evaluation (issue 14): the final report (eindrapportage)
of a plan, read prefilled, saved per block as a draft, checked and submitted; the partner survey's status
and the contacts of partner organisations without users; and the codebooks with their goal lists.

Everything goes through the services the portal's pages use (``qualitative.services``,
``qualitative.survey``, ``workflow.partner_survey``) under the same permission functions: this module
only translates JSON to their arguments and their problems to findings with paths."""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal

from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from sectorplannen.organisations.models import Organisation
from sectorplannen.qualitative import permissions as qperm
from sectorplannen.qualitative import services as q
from sectorplannen.qualitative import survey
from sectorplannen.qualitative.codebook import Codebook
from sectorplannen.qualitative.goals import goal_rows
from sectorplannen.qualitative.models import CodebookVersion, SurveyContact
from sectorplannen.qualitative.present import THEMES
from sectorplannen.workflow import partner_survey

from .problems import PROBLEM, problem
from .serializers_qualitative import (
    CodebookDetailSerializer,
    CodebookVersionSerializer,
    FinalReportPatchSerializer,
    FinalReportSavedSerializer,
    FinalReportSerializer,
    GoalListsSerializer,
    InvitationStatusSerializer,
    ReportCheckSerializer,
    SurveyContactGivenSerializer,
    SurveyContactSerializer,
)
from .views.common import PlanChildList, plan_for

PLAN_BLOCKS = ("A", "C", "D")
MAX_TEXT, MAX_CODE, MAX_CODES = 4000, 60, 50


def invalid(name: str, message: str, code: str = "invalid_value") -> exceptions.ValidationError:
    return exceptions.ValidationError({name: [exceptions.ErrorDetail(message, code=code)]})


def answer_value(value, name: str):
    """One answer as the portal's form gives it: a code or text (string), codes (list of strings), a
    number (kept as text, as the form keeps it) or null (left blank)."""
    if value is None or isinstance(value, str) and len(value) <= MAX_TEXT:
        return value
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list) and len(value) <= MAX_CODES and all(
            isinstance(v, str) and len(v) <= MAX_CODE for v in value):
        return value
    raise invalid(name, "Een antwoord is een code of tekst, een lijst van codes of een getal.")


def answers_of(given, known: set[str], name: str) -> dict:
    """A block's answers with only the questions it has (anything else is a 400, never dropped)."""
    if not isinstance(given, dict):
        raise invalid(name, "Een object: vraag → antwoord.")
    for qid in given:
        if qid not in known:
            raise invalid(f"{name}.{qid}", "Deze vraag hoort niet bij dit blok.", "unknown_question")
    return {qid: answer_value(v, f"{name}.{qid}") for qid, v in given.items()}


def finding(book: Codebook, p: q.Problem) -> dict:
    block = "B" if p.measure else book.question(p.question).block
    name = f"answers.B.{p.measure}.{p.question}" if p.measure else f"answers.{block}.{p.question}"
    return {"name": name, "code": p.code, "reason": p.message, "block": block, "question": p.question,
            "measure": p.measure}


def refused(request, exc: q.ReportRefused, book: Codebook, detail: str) -> Response:
    """A refusal of the final report's service: 409 once it is submitted, otherwise 422 with findings."""
    if "submitted" in exc.codes:
        return Response(problem(409, str(exc), request, invalidParams=[
            {"name": "", "code": "submitted", "reason": str(exc)}]), status=409, content_type=PROBLEM)
    return Response(problem(422, detail, request, invalidParams=[finding(book, p) for p in exc.findings]),
                    status=422, content_type=PROBLEM)


def report_document(report, frame, findings=None) -> dict:
    book = report.codebook.codebook
    by_block: dict[str, dict] = {b: {} for b in PLAN_BLOCKS}
    blocks = {x.id: x.block for x in book.questions_of("plan")}
    for qid, value in report.answers.items():
        if qid in blocks:  # the answers are saved per question of the report's codebook
            by_block.setdefault(blocks[qid], {})[qid] = value
    per_measure = q.measure_answers(report)
    by_block["B"] = {m.code: per_measure.get(m.measure_id, {}) for m in frame.measures}
    out = {
        "plan_id": report.plan_id, "codebook_version": report.codebook.version, "state": report.state,
        "synthetic": report.synthetic, "required": report.plan.scheme.rules.final_report_required,
        "target_reached_ratio": frame.threshold, "submitted_at": report.submitted_at,
        "updated_at": report.updated_at, "progress": q.progress(report, frame),
        "prefilled": {"tranche_label": frame.tranche_label, "tranche_group": frame.tranche_group, "kind": frame.kind,
                      "cluster": frame.cluster, "start_date": frame.start_date, "end_date": frame.end_date,
                      "lead_applicant_kind": frame.lead_applicant_kind,
                      "revisions": [{"version": r.version, "decided_on": r.decided_on, "reason": r.reason}
                                    for r in frame.revisions]},
        "measures": [{"code": m.code, "theme": m.theme, "type_label": m.type_label, "description": m.description,
                      "initial_planned": m.initial_planned, "planned": m.planned, "realised": m.realised,
                      "realised_source": m.realised_source, "stopped": m.stopped, "reached": m.reached}
                     for m in frame.measures],
        "answers": {b: by_block[b] for b in q.BLOCKS},
    }
    if findings is not None:
        out["findings"] = [finding(book, p) for p in findings]
    return out


@extend_schema(tags=["eindrapportages"])
class FinalReport(APIView):
    """The plan's final report: only its main applicant sees it (the evaluator sees answers pooled)."""

    @extend_schema(summary="De eindrapportage van een plan, vooringevuld uit de besluiten en de declaratie",
                   responses=FinalReportSerializer)
    def get(self, request, plan_id: int):
        plan = plan_for(request, plan_id, qperm.can_view_final_report)
        report = q.report_for(plan)
        return Response(FinalReportSerializer(report_document(report, q.plan_frame(plan))).data)

    @extend_schema(summary="Blokken opslaan als concept (ook met fouten: er gaat niets verloren)",
                   request=FinalReportPatchSerializer, responses=FinalReportSavedSerializer)
    @transaction.atomic
    def patch(self, request, plan_id: int):
        plan = plan_for(request, plan_id, qperm.can_fill_final_report)
        report, frame = q.report_for(plan), q.plan_frame(plan)
        book = report.codebook.codebook
        given = FinalReportPatchSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        blocks = given.validated_data["answers"]
        if not isinstance(blocks, dict) or not blocks or set(blocks) - set(q.BLOCKS):
            raise invalid("answers", "Een object met de blokken A, B, C of D.")
        saved = []
        try:
            for block in q.BLOCKS:
                if block not in blocks:
                    continue
                if block == "B":
                    saved += q.save_block(report, "B", {}, self._measures(report, frame, book, blocks["B"]),
                                          actor=request.user)
                else:
                    known = {x.id for x in book.questions_of("plan", block)}
                    saved += q.save_block(report, block, answers_of(blocks[block], known, f"answers.{block}"), {},
                                          actor=request.user)
        except q.ReportRefused as exc:
            transaction.set_rollback(True)
            return refused(request, exc, book, str(exc))
        report.refresh_from_db()
        return Response(FinalReportSavedSerializer(report_document(report, frame, saved)).data)

    @staticmethod
    def _measures(report, frame, book: Codebook, given) -> dict[int, dict]:
        """Every measure's answers: the given ones replaced, the others kept as they are."""
        if not isinstance(given, dict):
            raise invalid("answers.B", "Een object: maatregelcode → vraag → antwoord.")
        by_code = {m.code: m.measure_id for m in frame.measures}
        known = {x.id for x in book.questions_of("measure")}
        out = q.measure_answers(report)
        for code, answers in given.items():
            if code not in by_code:
                raise invalid(f"answers.B.{code}", "Dit plan heeft geen maatregel met deze code.", "unknown_measure")
            out[by_code[code]] = answers_of(answers, known, f"answers.B.{code}")
        return out


@extend_schema(tags=["eindrapportages"], summary="De controle van de eindrapportage, zoals bij indienen",
               responses=ReportCheckSerializer)
class FinalReportFindings(APIView):
    def get(self, request, plan_id: int):
        plan = plan_for(request, plan_id, qperm.can_view_final_report)
        report, frame = q.report_for(plan), q.plan_frame(plan)
        book = report.codebook.codebook
        problems = [p for block in q.BLOCKS for p in q.block_problems(report, block, frame)]
        return Response({"complete": not problems, "findings": [finding(book, p) for p in problems]})


@extend_schema(tags=["eindrapportages"], summary="De eindrapportage indienen (daarna kan de einddeclaratie)",
               request=None, responses=FinalReportSerializer)
class FinalReportSubmit(APIView):
    def post(self, request, plan_id: int):
        plan = plan_for(request, plan_id, qperm.can_fill_final_report)
        report = q.report_for(plan)
        try:
            report = q.submit_report(report, actor=request.user)
        except q.ReportRefused as exc:
            return refused(request, exc, report.codebook.codebook, "De eindrapportage is nog niet compleet.")
        return Response(FinalReportSerializer(report_document(report, q.plan_frame(plan))).data)


ANSWERED = OpenApiParameter("beantwoord", bool, description="Alleen wie wel (true) of niet (false) antwoordde.")


def true_false(request, key: str) -> bool | None:
    value = request.query_params.get(key)
    if value is None:
        return None
    if value not in ("true", "false"):
        raise invalid(key, "true of false.")
    return value == "true"


@extend_schema(tags=["partnerenquetes"])
class InvitationList(PlanChildList):
    """Who answered the partner survey, for the project leader: never what. A page of values the survey
    service computes, not a query (hence no filter backends)."""

    serializer_class = InvitationStatusSerializer
    check = staticmethod(qperm.can_view_final_report)
    filter_backends: list = []

    def get_queryset(self):
        if self.fake():
            return []
        answered = true_false(self.request, "beantwoord")
        return [asdict(s) for s in survey.survey_status(self.get_plan())
                if answered is None or s.answered == answered]

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(summary="De uitnodigingen voor de partnerenquête: wie antwoordde, herinneringen, sluitingsdatum",
                   parameters=[ANSWERED])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


def _contact(c: SurveyContact, mailed: bool | None = None) -> dict:
    out = {"organisation_id": c.organisation_id, "organisation": c.organisation.name, "name": c.name,
           "email": c.email}
    return out if mailed is None else {**out, "mailed": mailed}


@extend_schema(tags=["partnerenquetes"])
class SurveyContactList(PlanChildList):
    """Contacts of partner organisations without portal users: seen only by the project leader."""

    serializer_class = SurveyContactSerializer
    check = staticmethod(qperm.can_view_final_report)

    def get_queryset(self):
        if self.fake():
            return SurveyContact.objects.none()
        return self.get_plan().survey_contacts.select_related("organisation").order_by("organisation__name")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([_contact(c) for c in page])

    @extend_schema(summary="De contactpersonen van partnerorganisaties zonder account")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="Een contactpersoon geven; een open uitnodiging wordt meteen gemaild",
                   request=SurveyContactSerializer, responses={201: SurveyContactGivenSerializer})
    def post(self, request, plan_id: int):
        plan = plan_for(request, plan_id, qperm.can_view_final_report)
        given = SurveyContactSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        d = given.validated_data
        organisations = {o.pk: o for o in survey.organisations_without_users(plan)}
        if d["organisation_id"] not in organisations:
            raise invalid("organisation_id", "Alleen een partnerorganisatie van dit plan zonder account krijgt een "
                                             "contactpersoon.", "not_without_users")
        org: Organisation = organisations[d["organisation_id"]]
        mailed = partner_survey.give_contact(plan, org, d["name"], d["email"], actor=request.user)
        contact = SurveyContact.objects.select_related("organisation").get(plan=plan, organisation=org)
        return Response(SurveyContactGivenSerializer(_contact(contact, mailed)).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["codeboeken"], summary="De versies van het codeboek (antwoordlijsten, doelen, vragen)")
class CodebookList(generics.ListAPIView):
    serializer_class = CodebookVersionSerializer
    queryset = CodebookVersion.objects.order_by("version")


def version_for(version: int) -> CodebookVersion:
    return get_object_or_404(CodebookVersion, version=version)


@extend_schema(tags=["codeboeken"], summary="Eén versie van het codeboek (het JSON-document)")
class CodebookDetail(generics.RetrieveAPIView):
    serializer_class = CodebookDetailSerializer

    def get_object(self):
        return version_for(self.kwargs["version"])


@extend_schema(tags=["codeboeken"], summary="De doelen per thema met de uitkomsten die ze toetsen, en de mechanismen",
               responses=GoalListsSerializer)
class GoalLists(APIView):
    def get(self, request, version: int):
        book = version_for(version).codebook
        indicators = {(g.theme, g.goal): g.indicators for g in goal_rows(book)}
        themes = [{"theme": theme, **dict(zip(("nl", "en"), THEMES.get(theme, (theme, theme)), strict=True)),
                   "goals": [{"code": c.code, "nl": c.nl, "en": c.en, "lines": c.lines,
                              "indicators": [{"table": t, "outcome": o} for t, o in indicators[theme, c.code]]}
                             for c in answer_list.categories]}
                  for theme, answer_list in book.goals.items()]
        mechanisms = [{"code": c.code, "nl": c.nl, "en": c.en, "lines": c.lines}
                      for c in book.lists["mechanism"].categories]
        return Response({"version": book.version, "themes": themes, "mechanisms": mechanisms})
