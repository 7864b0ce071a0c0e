"""The evaluator's side of the qualitative evaluation (issue 14): the tabulations of §3(c), pooled and
disclosure-controlled as on the evaluator's page (``qualitative.present.rows``: no plan named, a cell
with fewer respondents than the threshold shows no figure), and the interview notes with their coding
by two coders who code blind (each reads only their own codes) and their agreement (Cohen's kappa)."""

from __future__ import annotations

import django_filters as df
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from sectorplannen.plans.models import Plan
from sectorplannen.qualitative import interviews
from sectorplannen.qualitative import permissions as qperm
from sectorplannen.qualitative.models import InterviewNote
from sectorplannen.qualitative.present import UNITS as UNIT_LABELS
from sectorplannen.qualitative.present import min_respondents, rows
from sectorplannen.qualitative.reports import ReportRefused, current_codebook
from sectorplannen.qualitative.store import load_frame

from .pagination import Pages
from .problems import PROBLEM, problem
from .serializers_qualitative import (
    CodingPatchSerializer,
    InterviewNoteDetailSerializer,
    InterviewNoteSerializer,
    OwnCodingSerializer,
    QuestionAgreementSerializer,
    TabulationSerializer,
)
from .views.common import require
from .views_qualitative import answers_of, invalid

GROUPINGS = {"tranche": "tranche", "thema": "theme", "soort": "kind", "cluster": "cluster"}
UNITS = {"maatregelen": "measures", "plannen": "plans", "projectleiders": "pls", "vermeldingen": "mentions"}


def language() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def choice(request, key: str, choices) -> str | None:
    value = request.query_params.get(key)
    if value is not None and value not in choices:
        raise invalid(key, f"Een van: {', '.join(choices)}.")
    return value


def _row(r) -> dict:
    return {"id": r.id, "title": r.title, "population": r.population, "unit": r.unit, "printed": r.printed,
            "computed": r.computed, "k": r.k, "n": r.n, "meets": r.meets, "suppressed": r.suppressed,
            "lines": r.lines, "groups": [{"group": g, "value": v, "n": n, "suppressed": s} for g, v, n, s in r.groups]}


def tabulated(request) -> tuple[list[dict], dict]:
    """The rows of the evaluator's page for the request's grouping, and what the page says about them."""
    require(qperm.can_view_tabulations(request.user))
    by = choice(request, "per", GROUPINGS)
    frame = load_frame()
    table = [_row(r) for r in rows(frame, current_codebook().codebook, by=GROUPINGS.get(by), language=language())]
    about = {"respondents": len(frame), "synthetic": sum(1 for p in frame if p.synthetic),
             "min_respondents": min_respondents()}
    return table, about


class TabulationPages(Pages):
    """A page of tabulations with what every page of them says: how many final reports they come from,
    how many of those are synthetic (demo data), and the disclosure threshold."""

    about: dict

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data.update(self.about)
        return response

    def get_paginated_response_schema(self, schema):
        out = super().get_paginated_response_schema(schema)
        out["properties"].update({
            "respondents": {"type": "integer", "description": "Ingediende eindrapportages (en gecodeerde gesprekken)."},
            "synthetic": {"type": "integer", "description": "Waarvan synthetisch (demogegevens, geen antwoorden)."},
            "min_respondents": {"type": "integer", "description": "Cellen met minder respondenten: onderdrukt."}})
        out["required"] = [*out.get("required", []), "respondents", "synthetic", "min_respondents"]
        return out


PER = OpenApiParameter("per", str, enum=list(GROUPINGS), description="Uitsplitsing: tranche, thema, soort of cluster.")


@extend_schema(tags=["evaluatie"])
class TabulationList(generics.ListAPIView):
    serializer_class = TabulationSerializer
    pagination_class = TabulationPages
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return []
        table, self.paginator.about = tabulated(self.request)
        unit = choice(self.request, "eenheid", UNITS)
        wanted = self.request.query_params.get("tabel", "")
        return [r for r in table
                if r["id"].startswith(wanted) and (unit is None or r["unit"] in UNIT_LABELS[UNITS[unit]])]

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(summary="De tabellen van §3(c) uit de opgeslagen antwoorden, naast de gepubliceerde waarden",
                   parameters=[PER, OpenApiParameter("tabel", str, description="Tabellen waarvan het nummer zo begint "
                                                                               "(T-52)."),
                               OpenApiParameter("eenheid", str, enum=[*UNITS])])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


@extend_schema(tags=["evaluatie"], summary="Eén tabel van §3(c)", parameters=[PER], responses=TabulationSerializer)
class TabulationDetail(APIView):
    def get(self, request, table_id: str):
        table, _about = tabulated(request)
        found = next((r for r in table if r["id"] == table_id), None)
        if found is None:
            raise exceptions.NotFound("Deze tabel bestaat niet.")
        return Response(found)


class NoteFilter(df.FilterSet):
    kind = df.ChoiceFilter(choices=InterviewNote.KINDS)
    planId = df.NumberFilter(field_name="plan_id")  # noqa: N815 (query key in camelCase)

    class Meta:
        model = InterviewNote
        fields: list[str] = []


def notes():
    return (InterviewNote.objects.select_related("codebook").annotate(coders=Count("codings__coder", distinct=True))
            .order_by("-held_on", "-pk"))


@extend_schema(tags=["evaluatie"])
class NoteList(generics.ListCreateAPIView):
    serializer_class = InterviewNoteSerializer
    filterset_class = NoteFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return InterviewNote.objects.none()
        require(qperm.can_code_interviews(self.request.user))
        return notes()

    @extend_schema(summary="Interviewverslagen (stakeholders, projectleiders, groepsgesprekken)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="Een interviewverslag vastleggen (de geïnterviewde bij functie, nooit bij naam)",
                   request=InterviewNoteDetailSerializer, responses={201: InterviewNoteDetailSerializer})
    def post(self, request, *args, **kwargs):
        require(qperm.can_code_interviews(request.user))
        given = InterviewNoteDetailSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        d = given.validated_data
        plan = None
        if d.get("plan_id") is not None:
            plan = Plan.objects.filter(pk=d["plan_id"]).first()
            if plan is None:
                raise invalid("plan_id", "Dit plan bestaat niet.", "not_found")
        try:
            note = interviews.record_note(kind=d["kind"], interviewee=d["interviewee"], held_on=d["held_on"],
                                          text=d["text"], plan=plan, author=request.user)
        except ReportRefused as exc:
            raise exceptions.ValidationError({"plan_id" if p.question == "plan" else "": [
                exceptions.ErrorDetail(p.message, code=p.code)] for p in exc.findings}) from None
        return Response(InterviewNoteDetailSerializer(notes().get(pk=note.pk)).data, status=status.HTTP_201_CREATED,
                        headers={"Location": f"/api/v1/evaluatie/interviews/{note.pk}"})


def note_for(request, note_id: int) -> InterviewNote:
    require(qperm.can_code_interviews(request.user))
    return get_object_or_404(notes(), pk=note_id)


@extend_schema(tags=["evaluatie"], summary="Eén interviewverslag met zijn tekst")
class NoteDetail(generics.RetrieveAPIView):
    serializer_class = InterviewNoteDetailSerializer

    def get_object(self):
        return note_for(self.request, self.kwargs["note_id"])


def own_coding(note: InterviewNote, coder) -> dict:
    """The coder's own codes by block, never another coder's (they code blind)."""
    book = note.codebook.codebook
    codes: dict[str, dict] = {}
    for qid, value in interviews.own_codes(note, coder).items():
        codes.setdefault(book.question(qid).block, {})[qid] = value
    return {"note_id": note.pk, "codebook_version": note.codebook.version, "coders": interviews.coders_of(note),
            "codes": codes}


@extend_schema(tags=["evaluatie"])
class NoteCoding(APIView):
    @extend_schema(summary="Uw codering van een verslag (die van een andere codeur blijft verborgen)",
                   responses=OwnCodingSerializer)
    def get(self, request, note_id: int):
        return Response(own_coding(note_for(request, note_id), request.user))

    @extend_schema(summary="Een verslag coderen, per blok (elk gegeven blok vervangt uw codes ervan)",
                   request=CodingPatchSerializer, responses=OwnCodingSerializer)
    def patch(self, request, note_id: int):
        note = note_for(request, note_id)
        book = note.codebook.codebook
        given = CodingPatchSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        blocks = given.validated_data["codes"]
        codable = {b: {x.id for x in interviews.codable_questions(book, b)} for b in "ABCDP"}
        if not isinstance(blocks, dict) or not blocks or any(not codable.get(b) for b in blocks):
            raise invalid("codes", "Een object met de blokken A, B, C, D of P.")
        cleaned = {b: {k: v for k, v in answers_of(blocks[b], codable[b], f"codes.{b}").items()
                       if v not in (None, "", [])} for b in blocks}
        try:
            for block, answers in cleaned.items():
                interviews.code_note(note, request.user, answers, block=block)
        except ReportRefused as exc:
            return Response(problem(422, "De codering past niet bij het codeboek.", request, invalidParams=[
                {"name": f"codes.{book.question(p.question).block}.{p.question}", "code": p.code, "reason": p.message}
                for p in exc.findings]), status=422, content_type=PROBLEM)
        return Response(own_coding(note, request.user))


def _kappa(value) -> float | None:
    return None if value is None else round(float(value), 4)


@extend_schema(tags=["evaluatie"], summary="De overeenstemming van twee codeurs per vraag (Cohens kappa)")
class AgreementList(generics.ListAPIView):
    serializer_class = QuestionAgreementSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return []
        require(qperm.can_code_interviews(self.request.user))
        book, lang = current_codebook().codebook, language()
        out = []
        for found in interviews.agreement_table():
            question = book.question(found.question)
            labels = ({c.code: c.label(lang) for c in book.answer_list(question).categories}
                      if question.list and question.list != "goals" else {})
            out.append({"question": found.question, "text": question.text(lang), "notes": found.notes,
                        "kappa": _kappa(found.kappa),
                        "codes": [{"code": c.code, "label": labels.get(c.code, c.code), "kappa": _kappa(c.kappa),
                                   "notes": c.notes, "agreed": c.agreed} for c in found.codes]})
        return out

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
