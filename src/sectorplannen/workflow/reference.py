"""Import of the published plan-level figures (formats.md §2) as finished plans.

Each (plan, category) row becomes one measure (code = category, type = the category's default
type in the scheme), a grant decision version 1 with the planned figures, and a final declaration
with the realised figures. The published figures are facts about the past, so the import does not
run them through the application checks or the window ceiling; it marks the plans ``is_reference``
and moves each from draft to declared by the workflow's ``import_reference`` step.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.db import transaction

from sectorplannen.audit.services import record
from sectorplannen.finance.models import DeclarationLine, FinalDeclaration
from sectorplannen.plans.models import DecisionKind, DecisionLine, GrantDecision, Measure, Plan
from sectorplannen.schemes.models import Tranche
from sectorplannen.schemes.rules import SchemeRules, line_subsidy

from .reference_facts import import_bundled_facts
from .services import transition

BUNDLED_DIR = Path(__file__).parents[1] / "plans" / "reference_data"
BUNDLED_FILE = BUNDLED_DIR / "plan_figures_t12.csv"
BUNDLED_FILES = (BUNDLED_FILE, BUNDLED_DIR / "plan_figures_t3.csv")

COLUMNS = (
    "plan", "tranche", "plan_kind", "plan_sector", "category", "measures", "planned_participants",
    "realised_participants", "planned_budget_eur", "realised_budget_eur", "bsn_participants",
)
# formats.md §2: the period reference plans get, and which tranche's scheme applies to them.
REFERENCE_PERIODS = {
    "1-2": (dt.date(2013, 10, 1), dt.date(2018, 12, 31), 1),
    "3": (dt.date(2015, 1, 15), dt.date(2018, 12, 31), 3),
}
SOURCE_LABEL = "referentie-import"


class ReferenceFileError(ValueError):
    """The file cannot be used at all (unreadable, wrong columns): nothing is imported."""


@dataclass(frozen=True)
class ReferenceRow:
    line: int
    plan: str
    tranche: str
    plan_kind: str
    plan_sector: str
    category: str
    measures: int | None
    planned_participants: int | None
    realised_participants: int | None
    planned_budget_eur: Decimal
    realised_budget_eur: Decimal
    bsn_participants: int | None

    def as_dict(self) -> dict:
        return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in self.__dict__.items() if k != "line"}


@dataclass(frozen=True)
class RowProblem:
    line: int
    plan: str
    message: str
    tranche: str = ""


@dataclass
class ImportSummary:
    created: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[RowProblem] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    measures_created: int = 0
    facts_created: int = 0

    @property
    def rejected(self) -> bool:
        return bool(self.conflicts or self.problems)


class CellError(ValueError):
    """One unreadable cell: the column and the value as written, for a message in plain Dutch."""

    def __init__(self, column: str, value: str, expected: str):
        super().__init__(f"kolom {column}: {value!r} is {expected}")


def _int(value: str | None, column: str) -> int | None:
    """A count; an empty cell is data (nothing planned or realised), not an error."""
    value = (value or "").strip()
    if value == "":
        return None
    if not value.isdigit():
        raise CellError(column, value, "geen geheel getal van nul of meer")
    return int(value)


def _money(value: str | None, column: str) -> Decimal:
    """Euros with a '.' as decimal separator; an empty cell means no budget on that line."""
    value = (value or "").strip()
    if value == "":
        return Decimal("0.00")
    try:
        amount = Decimal(value)
    except ArithmeticError:
        amount = None
    if amount is None or not amount.is_finite() or amount < 0:
        raise CellError(column, value, "geen bedrag in euro's van nul of meer (met een punt als decimaalteken)")
    return amount.quantize(Decimal("0.01"), ROUND_HALF_UP)


def _choice(value: str | None, column: str, allowed) -> str:
    value = (value or "").strip()
    if value not in allowed:
        raise CellError(column, value, f"geen geldige waarde (verwacht: {', '.join(allowed)})")
    return value


def read_rows(text: str) -> tuple[list[ReferenceRow], list[RowProblem]]:
    """Parse the CSV text; rows with bad values are returned as problems (line, column and value
    in plain Dutch), not raised."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ReferenceFileError(f"kolommen ontbreken: {', '.join(missing)}")
    rows, problems = [], []
    for line, raw in enumerate(reader, start=2):
        name = (raw["plan"] or "").strip()
        tranche = (raw["tranche"] or "").strip()
        try:
            if not name:
                raise CellError("plan", "", "leeg; de plannaam ontbreekt")
            rows.append(ReferenceRow(
                line=line, plan=name, tranche=_choice(tranche, "tranche", tuple(REFERENCE_PERIODS)),
                plan_kind=_choice(raw["plan_kind"], "plan_kind", ("sectoral", "regional")),
                plan_sector=(raw["plan_sector"] or "").strip(), category=(raw["category"] or "").strip(),
                measures=_int(raw["measures"], "measures"),
                planned_participants=_int(raw["planned_participants"], "planned_participants"),
                realised_participants=_int(raw["realised_participants"], "realised_participants"),
                # Empty budgets are data: a trajectory added during execution has no planned budget,
                # a stopped one no realised budget.
                planned_budget_eur=_money(raw["planned_budget_eur"], "planned_budget_eur"),
                realised_budget_eur=_money(raw["realised_budget_eur"], "realised_budget_eur"),
                bsn_participants=_int(raw["bsn_participants"], "bsn_participants"),
            ))
        except CellError as exc:
            problems.append(RowProblem(line, name, f"regel {line}, {exc}", tranche))
    return rows, problems


def _fingerprint(rows: Iterable[ReferenceRow]) -> list[dict]:
    return sorted((r.as_dict() for r in rows), key=lambda d: d["category"])


def import_reference(
    path: Path | str = BUNDLED_FILE, *, progress: Callable[[int, int], None] | None = None
) -> ImportSummary:
    """Import the file; a plan that exists with the same figures is left alone (idempotent), one
    that exists with other figures is a conflict (reported, not changed)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReferenceFileError(f"kan {path} niet lezen: {exc}") from exc
    rows, problems = read_rows(text)
    summary = ImportSummary(problems=problems)
    # formats.md §2: a reference plan is identified by tranche and name together.
    bad_plans = {(p.tranche, p.plan) for p in problems}
    by_plan: dict[tuple[str, str], list[ReferenceRow]] = {}
    for row in rows:
        by_plan.setdefault((row.tranche, row.plan), []).append(row)
    source = {"file": path.name, "sha256": hashlib.sha256(raw).hexdigest()}
    tranches = {t.number: t for t in Tranche.objects.select_related("scheme")}
    total = len(by_plan)
    with transaction.atomic():
        for done, (identity, plan_rows) in enumerate(by_plan.items(), start=1):
            if identity in bad_plans:
                continue
            problem = _plan_problem(plan_rows, tranches)
            if problem:
                summary.problems.append(RowProblem(plan_rows[0].line, identity[1], problem, identity[0]))
            else:
                _import_plan(identity[1], plan_rows, tranches, source, summary)
            if progress:
                progress(done, total)
        import_bundled_facts({t for t, _ in by_plan}, summary)
        if summary.created:
            record("reference_imported", plans=len(summary.created), file=source["file"], sha256=source["sha256"])
    return summary


def _plan_problem(rows: list[ReferenceRow], tranches: dict[int, Tranche]) -> str | None:
    first = rows[0]
    if any((r.tranche, r.plan_kind, r.plan_sector) != (first.tranche, first.plan_kind, first.plan_sector)
           for r in rows):
        return f"plan {first.plan!r} (tranche {first.tranche}): plantype of sector verschillen tussen regels"
    categories = [r.category for r in rows]
    if len(set(categories)) != len(categories):
        return f"plan {first.plan!r} (tranche {first.tranche}): een thema of traject komt meer dan eens voor"
    tranche = tranches.get(REFERENCE_PERIODS[first.tranche][2])
    if tranche is None:
        return f"tranche {first.tranche} is niet ingericht"
    rules: SchemeRules = tranche.scheme.rules
    unknown = [c for c in categories if c not in rules.categories]
    if unknown:
        return (f"plan {first.plan!r} (tranche {first.tranche}): onbekend thema of traject "
                f"{', '.join(repr(u) for u in unknown)} in {rules.code}")
    return None


def _import_plan(name, rows, tranches, source, summary: ImportSummary) -> None:
    first = rows[0]
    fingerprint = _fingerprint(rows)
    existing = Plan.objects.filter(tranche_label=first.tranche, name=name).first()
    if existing is not None:
        if existing.is_reference and existing.application.get("reference_rows") == fingerprint:
            summary.unchanged.append(name)
        else:
            summary.conflicts.append(RowProblem(
                first.line, name, f"plan {name!r} van tranche {first.tranche} bestaat al met andere gegevens",
                first.tranche))
        return
    start, end, tranche_number = REFERENCE_PERIODS[first.tranche]
    tranche = tranches[tranche_number]
    rules = tranche.scheme.rules
    plan = Plan.objects.create(
        name=name,
        tranche=tranche if first.tranche == str(tranche_number) else None,
        tranche_label=first.tranche,
        scheme=tranche.scheme,
        kind=first.plan_kind,
        sectors=[first.plan_sector] if first.plan_sector else [],
        start_date=start,
        end_date=end,
        is_reference=True,
        application={"reference_source": source, "reference_rows": fingerprint},
    )
    # A finished plan, but through the workflow's own step for it (draft → declared), not by status.
    transition(plan, "import_reference", None, write=lambda p: _write_published(p, rows, rules, source, start, end))
    summary.created.append(name)
    summary.measures_created += len(rows)


def _write_published(plan: Plan, rows, rules: SchemeRules, source: dict, start: dt.date, end: dt.date) -> None:
    """The published figures as decision version 1 and the final declaration."""
    measures = []
    for r in rows:
        measure_type = rules.categories[r.category].default_type
        measures.append(Measure(
            plan=plan, code=r.category, category=r.category, measure_type=measure_type,
            description=f"{rules.categories[r.category].label} (gepubliceerde cijfers per thema)",
            planned_participants=r.planned_participants, planned_costs_eur=r.planned_budget_eur,
            individual_registration=r.planned_participants is not None or r.realised_participants is not None,
            counted_measures=r.measures,
        ))
    Measure.objects.bulk_create(measures)
    by_code = {m.code: m for m in Measure.objects.filter(plan=plan)}
    lines = []
    for r in rows:
        measure = by_code[r.category]
        rate = rules.rate_for(measure.measure_type)
        lines.append((measure, r, rate, line_subsidy(rate, r.planned_budget_eur)))
    decision = GrantDecision.objects.create(
        plan=plan, version=1, kind=DecisionKind.GRANT, decided_on=start, decided_by_label=SOURCE_LABEL,
        reason="Gepubliceerde cijfers van de laatste herziene beschikking (evaluatie, bijlage A).",
        start_date=start, end_date=end, max_subsidy_eur=sum((s for *_, s in lines), Decimal("0.00")),
        basis={"source": source},
    )
    DecisionLine.objects.bulk_create([
        DecisionLine(decision=decision, measure=m, planned_participants=r.planned_participants,
                     planned_costs_eur=r.planned_budget_eur, rate=rate, subsidy_eur=subsidy)
        for m, r, rate, subsidy in lines
    ])
    declaration = FinalDeclaration.objects.create(
        plan=plan, submitted_on=end + dt.timedelta(weeks=rules.declaration_weeks)
    )
    DeclarationLine.objects.bulk_create([
        DeclarationLine(declaration=declaration, measure=by_code[r.category],
                        realised_participants=r.realised_participants, eligible_costs_eur=r.realised_budget_eur,
                        bsn_participants=r.bsn_participants)
        for r in rows
    ])
