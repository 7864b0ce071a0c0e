"""The tables of the reports as JSON (``monitoring.tables.Table``): every cell as text in the CSV's
notation (amounts and shares with a decimal point, as ``COERCE_DECIMAL_TO_STRING`` has every amount of
the API) or ``null`` where it is missing or suppressed; the column's ``kind`` says how to read it."""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sectorplannen.monitoring.tables import Table


def cell(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        return repr(value)
    return str(value)


def table_data(table: Table) -> dict:
    return {"id": table.id, "title": table.title,
            "columns": [{"title": c.title, "kind": c.kind} for c in table.columns],
            "row_kinds": list(table.row_kinds),
            "rows": [[cell(v) for v in row] for row in table.rows], "notes": list(table.notes)}


class ColumnSerializer(serializers.Serializer):
    title = serializers.CharField()
    kind = serializers.CharField(help_text="text, int, eur, pct, pct0, k_eur, k_persons, m_eur of mixed "
                                           "(dan zegt row_kinds per rij wat het is).")


@extend_schema_field({"type": "array", "items": {"type": "array", "items": {"type": "string", "nullable": True}}})
class RowsField(serializers.ListField):
    """Rows of cells as text; ``null``: onbekend of onderdrukt."""


class TableSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="Het nummer van de tabel, bv. 3.1 of U.2.")
    title = serializers.CharField()
    columns = ColumnSerializer(many=True)
    row_kinds = serializers.ListField(child=serializers.CharField())
    rows = RowsField()
    notes = serializers.ListField(child=serializers.CharField())


class RealisationFiltersSerializer(serializers.Serializer):
    tranche = serializers.CharField(allow_blank=True)
    kind = serializers.CharField(allow_blank=True)
    sector = serializers.CharField(allow_blank=True)
    theme = serializers.CharField(allow_blank=True)


class RealisationSerializer(serializers.Serializer):
    data_version = serializers.CharField(help_text="Verandert zodra de cijfers veranderen.")
    filters = RealisationFiltersSerializer()
    suppressed_cells = serializers.IntegerField(help_text="Cellen met minder dan 10 personen, onderdrukt.")
    tables = TableSerializer(many=True)


class ReportJobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.ChoiceField(choices=["queued", "running", "succeeded", "failed", "cancelled"])
    fraction = serializers.FloatField(allow_null=True)
    message = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()


class EvaluationSerializer(serializers.Serializer):
    dates = serializers.ListField(child=serializers.DateField(), help_text="De meetmomenten in de bestanden.")
    date = serializers.DateField(allow_null=True, help_text="Het meetmoment van de tabellen (het laatste als "
                                                            "er geen is gevraagd).")
    tables = TableSerializer(many=True)


class EffectsSerializer(serializers.Serializer):
    tables = TableSerializer(many=True)
    explanation = serializers.ListField(child=serializers.CharField())
