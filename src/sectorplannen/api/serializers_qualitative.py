"""What the API shows and takes of the qualitative half of the evaluation (issue 14): the final report,
the partner survey, the codebooks, the tabulations and the evaluator's interview notes. Answers are the
codebook's own (question id → code, list of codes, number as text, or text), as in the portal."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sectorplannen.qualitative.models import CodebookVersion, InterviewNote

ANSWERS = {"type": "object", "description": "Vraag → antwoord: een code, een lijst van codes, een getal of tekst.",
           "additionalProperties": {"oneOf": [{"type": "string", "maxLength": 4000},
                                              {"type": "array", "items": {"type": "string", "maxLength": 60}},
                                              {"type": "number"}], "nullable": True}}
ANSWERS_BY_BLOCK = {
    "type": "object", "description": "Per blok (A, C, D: vraag → antwoord; B: maatregelcode → vraag → antwoord).",
    "properties": {
        "A": ANSWERS, "C": ANSWERS,
        "D": ANSWERS,
        "B": {"type": "object", "additionalProperties": ANSWERS},
    },
    "additionalProperties": False,
}


@extend_schema_field(ANSWERS_BY_BLOCK)
class AnswersByBlockField(serializers.JSONField):
    """The answers of the final report by block, as ``GET`` gives them and ``PATCH`` takes them."""


@extend_schema_field({"type": "object", "description": "Per blok (A–D, P): vraag → code of lijst van codes.",
                      "additionalProperties": ANSWERS})
class CodesByBlockField(serializers.JSONField):
    """One coder's codes of an interview note by block."""


@extend_schema_field({"type": "object", "additionalProperties": True,
                      "description": "Het codeboek (antwoordlijsten, doelen, vragen); zie docs/qualitative.md."})
class CodebookDocumentField(serializers.JSONField):
    pass


class TextField(serializers.CharField):
    """Text only: a number is not silently taken as its digits."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class ReportFindingSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Pad van het antwoord: 'C.C5', of 'B.M01.B6' voor een maatregel.")
    code = serializers.CharField(help_text="required, not_asked, not_below_plan, unknown_code, too_many, exclusive, "
                                           "number, text (de codes van het portaal).")
    reason = serializers.CharField()
    block = serializers.CharField()
    question = serializers.CharField()
    measure = serializers.CharField(allow_null=True)


class RevisionLineSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    decided_on = serializers.DateField(allow_null=True)
    reason = serializers.CharField(allow_blank=True)


class PrefilledSerializer(serializers.Serializer):
    """Block A as the decisions give it: not asked."""

    tranche_label = serializers.CharField()
    tranche_group = serializers.CharField()
    kind = serializers.CharField()
    cluster = serializers.CharField()
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    lead_applicant_kind = serializers.CharField(allow_blank=True)
    revisions = RevisionLineSerializer(many=True)


class ReportMeasureSerializer(serializers.Serializer):
    """Block B's figures of one measure: planned (first and latest decision), realised and 'gehaald'
    (realised ≥ the scheme's threshold × the latest decision), computed, never asked."""

    code = serializers.CharField()
    theme = serializers.CharField()
    type_label = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    initial_planned = serializers.IntegerField(allow_null=True)
    planned = serializers.IntegerField(allow_null=True)
    realised = serializers.IntegerField(allow_null=True)
    realised_source = serializers.ChoiceField(choices=["declaration", "progress_report", "registry", ""])
    stopped = serializers.BooleanField()
    reached = serializers.BooleanField(allow_null=True)


class FinalReportSerializer(serializers.Serializer):
    plan_id = serializers.IntegerField()
    codebook_version = serializers.IntegerField()
    state = serializers.ChoiceField(choices=["draft", "submitted"])
    synthetic = serializers.BooleanField()
    required = serializers.BooleanField(help_text="Of de regeling de eindrapportage bij de einddeclaratie vraagt.")
    target_reached_ratio = serializers.DecimalField(max_digits=5, decimal_places=4)
    submitted_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()
    progress = serializers.DictField(child=serializers.BooleanField(), help_text="Per blok: compleet en consistent.")
    prefilled = PrefilledSerializer()
    measures = ReportMeasureSerializer(many=True)
    answers = AnswersByBlockField()


class FinalReportSavedSerializer(FinalReportSerializer):
    findings = ReportFindingSerializer(many=True, help_text="Wat in de opgeslagen blokken niet klopt (ontbrekende "
                                                            "antwoorden tellen pas bij indienen).")


class FinalReportPatchSerializer(serializers.Serializer):
    answers = AnswersByBlockField(help_text="De blokken die u opslaat; elk gegeven blok (B: elke gegeven "
                                            "maatregel) vervangt zijn antwoorden, de rest blijft.")


class ReportCheckSerializer(serializers.Serializer):
    complete = serializers.BooleanField(help_text="Of de eindrapportage zo kan worden ingediend.")
    findings = ReportFindingSerializer(many=True)


class InvitationStatusSerializer(serializers.Serializer):
    organisation = serializers.CharField()
    answered = serializers.BooleanField()
    expires_on = serializers.DateField()
    reminders = serializers.IntegerField()
    reached_by = serializers.ChoiceField(choices=["portal", "mail", ""],
                                         help_text="portal: haar gebruikers; mail: de contactpersoon; leeg: nog geen.")


class SurveyContactSerializer(serializers.Serializer):
    organisation_id = serializers.IntegerField(min_value=1)
    organisation = serializers.CharField(read_only=True)
    name = TextField(max_length=200)
    email = serializers.EmailField(max_length=254)


class SurveyContactGivenSerializer(SurveyContactSerializer):
    mailed = serializers.BooleanField(read_only=True, help_text="Of de link naar de open uitnodiging is gemaild.")


class CodebookVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CodebookVersion
        fields = ["version", "title", "created_at"]


class CodebookDetailSerializer(CodebookVersionSerializer):
    document = CodebookDocumentField()

    class Meta(CodebookVersionSerializer.Meta):
        fields = [*CodebookVersionSerializer.Meta.fields, "document"]


class IndicatorSerializer(serializers.Serializer):
    table = serializers.CharField()
    outcome = serializers.CharField()


class GoalSerializer(serializers.Serializer):
    code = serializers.CharField()
    nl = serializers.CharField()
    en = serializers.CharField()
    lines = serializers.CharField(allow_blank=True)
    indicators = IndicatorSerializer(many=True, help_text="De uitkomsten die dit doel toetsen.")


class ThemeGoalsSerializer(serializers.Serializer):
    theme = serializers.CharField()
    nl = serializers.CharField()
    en = serializers.CharField()
    goals = GoalSerializer(many=True)


class MechanismSerializer(serializers.Serializer):
    code = serializers.CharField()
    nl = serializers.CharField()
    en = serializers.CharField()
    lines = serializers.CharField(allow_blank=True)


class GoalListsSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    themes = ThemeGoalsSerializer(many=True)
    mechanisms = MechanismSerializer(many=True)


class TabulationGroupSerializer(serializers.Serializer):
    group = serializers.CharField()
    value = serializers.CharField(help_text="'–' als de cel minder respondenten heeft dan de drempel.")
    n = serializers.IntegerField()
    suppressed = serializers.BooleanField()


class TabulationSerializer(serializers.Serializer):
    id = serializers.CharField()
    title = serializers.CharField()
    population = serializers.CharField()
    unit = serializers.CharField()
    printed = serializers.CharField(help_text="De gepubliceerde waarde.")
    computed = serializers.CharField(help_text="Berekend uit de opgeslagen antwoorden; '–' als onderdrukt.")
    k = serializers.IntegerField(allow_null=True)
    n = serializers.IntegerField()
    meets = serializers.BooleanField(allow_null=True, help_text="Binnen de band van de gepubliceerde waarde.")
    suppressed = serializers.BooleanField()
    lines = serializers.CharField(allow_blank=True)
    groups = TabulationGroupSerializer(many=True)


class InterviewNoteSerializer(serializers.ModelSerializer):
    plan_id = serializers.IntegerField(allow_null=True, required=False, min_value=1)
    interviewee = TextField(max_length=200, help_text="Functie of soort organisatie, nooit een naam.")
    codebook_version = serializers.IntegerField(source="codebook.version", read_only=True)
    coders = serializers.IntegerField(read_only=True, help_text="Hoeveel codeurs dit verslag codeerden.")

    class Meta:
        model = InterviewNote
        fields = ["id", "kind", "plan_id", "interviewee", "held_on", "codebook_version", "coders"]
        read_only_fields = ["id", "codebook_version", "coders"]


class InterviewNoteDetailSerializer(InterviewNoteSerializer):
    text = TextField(max_length=20000)

    class Meta(InterviewNoteSerializer.Meta):
        fields = [*InterviewNoteSerializer.Meta.fields, "text"]


class OwnCodingSerializer(serializers.Serializer):
    note_id = serializers.IntegerField()
    codebook_version = serializers.IntegerField()
    coders = serializers.IntegerField()
    codes = CodesByBlockField(help_text="Alleen uw eigen codes: een tweede codeur ziet die van een ander nooit.")


class CodingPatchSerializer(serializers.Serializer):
    codes = CodesByBlockField(help_text="De blokken die u codeert; elk gegeven blok vervangt uw codes ervan.")


class CodeAgreementSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    kappa = serializers.FloatField(allow_null=True)
    notes = serializers.IntegerField()
    agreed = serializers.IntegerField()


class QuestionAgreementSerializer(serializers.Serializer):
    question = serializers.CharField()
    text = serializers.CharField()
    notes = serializers.IntegerField(help_text="Verslagen die twee codeurs op deze vraag codeerden.")
    kappa = serializers.FloatField(allow_null=True, help_text="Cohens kappa (één code per verslag); anders per code.")
    codes = CodeAgreementSerializer(many=True)
