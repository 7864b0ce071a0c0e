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

from .services import transition

BUNDLED_FILE = Path(__file__).parents[1] / "plans" / "reference_data" / "plan_figures_t12.csv"

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


@dataclass
class ImportSummary:
    created: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[RowProblem] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    measures_created: int = 0

    @property
    def rejected(self) -> bool:
        return bool(self.conflicts or self.problems)


def _int(value: str, column: str) -> int | None:
    value = value.strip()
    if value == "":
        return None
    number = int(value)
    if number < 0:
        raise ValueError(f"{column} is negatief")
    return number


def _money(value: str, column: str, *, empty_is_zero: bool) -> Decimal:
    value = value.strip()
    if value == "" and empty_is_zero:
        return Decimal("0.00")
    amount = Decimal(value).quantize(Decimal("0.01"), ROUND_HALF_UP)
    if amount < 0:
        raise ValueError(f"{column} is negatief")
    return amount


def read_rows(text: str) -> tuple[list[ReferenceRow], list[RowProblem]]:
    """Parse the CSV text; rows with bad values are returned as problems, not raised."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ReferenceFileError(f"kolommen ontbreken: {', '.join(missing)}")
    rows, problems = [], []
    for line, raw in enumerate(reader, start=2):
        name = (raw["plan"] or "").strip()
        try:
            if not name:
                raise ValueError("plannaam ontbreekt")
            if raw["tranche"].strip() not in REFERENCE_PERIODS:
                raise ValueError(f"onbekende tranche {raw['tranche']!r} (verwacht: 1-2 of 3)")
            if raw["plan_kind"].strip() not in ("sectoral", "regional"):
                raise ValueError(f"onbekend plantype {raw['plan_kind']!r}")
            rows.append(ReferenceRow(
                line=line, plan=name, tranche=raw["tranche"].strip(), plan_kind=raw["plan_kind"].strip(),
                plan_sector=(raw["plan_sector"] or "").strip(), category=raw["category"].strip(),
                measures=_int(raw["measures"], "measures"),
                planned_participants=_int(raw["planned_participants"], "planned_participants"),
                realised_participants=_int(raw["realised_participants"], "realised_participants"),
                planned_budget_eur=_money(raw["planned_budget_eur"], "planned_budget_eur", empty_is_zero=False),
                # An empty realised budget means nothing was spent on that line (e.g. a stopped measure).
                realised_budget_eur=_money(raw["realised_budget_eur"], "realised_budget_eur", empty_is_zero=True),
                bsn_participants=_int(raw["bsn_participants"], "bsn_participants"),
            ))
        except (ValueError, ArithmeticError) as exc:
            problems.append(RowProblem(line, name, f"regel {line}: {exc}"))
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
    bad_plans = {p.plan for p in problems}
    by_plan: dict[str, list[ReferenceRow]] = {}
    for row in rows:
        by_plan.setdefault(row.plan, []).append(row)
    source = {"file": path.name, "sha256": hashlib.sha256(raw).hexdigest()}
    tranches = {t.number: t for t in Tranche.objects.select_related("scheme")}
    total = len(by_plan)
    with transaction.atomic():
        for done, (name, plan_rows) in enumerate(by_plan.items(), start=1):
            if name in bad_plans:
                continue
            problem = _plan_problem(plan_rows, tranches)
            if problem:
                summary.problems.append(RowProblem(plan_rows[0].line, name, problem))
            else:
                _import_plan(name, plan_rows, tranches, source, summary)
            if progress:
                progress(done, total)
        if summary.created:
            record("reference_imported", plans=len(summary.created), file=source["file"], sha256=source["sha256"])
    return summary


def _plan_problem(rows: list[ReferenceRow], tranches: dict[int, Tranche]) -> str | None:
    first = rows[0]
    if any((r.tranche, r.plan_kind, r.plan_sector) != (first.tranche, first.plan_kind, first.plan_sector)
           for r in rows):
        return f"plan {first.plan!r}: tranche, plantype of sector verschillen tussen regels"
    categories = [r.category for r in rows]
    if len(set(categories)) != len(categories):
        return f"plan {first.plan!r}: een thema komt meer dan eens voor"
    tranche = tranches.get(REFERENCE_PERIODS[first.tranche][2])
    if tranche is None:
        return f"tranche {first.tranche} is niet ingericht"
    rules: SchemeRules = tranche.scheme.rules
    unknown = [c for c in categories if c not in rules.categories]
    if unknown:
        return f"plan {first.plan!r}: onbekend thema {', '.join(unknown)} in {rules.code}"
    return None


def _import_plan(name, rows, tranches, source, summary: ImportSummary) -> None:
    first = rows[0]
    fingerprint = _fingerprint(rows)
    existing = Plan.objects.filter(name=name).first()
    if existing is not None:
        if existing.is_reference and existing.application.get("reference_rows") == fingerprint:
            summary.unchanged.append(name)
        else:
            summary.conflicts.append(RowProblem(first.line, name, f"plan {name!r} bestaat al met andere gegevens"))
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
            individual_registration=r.planned_participants is not None, counted_measures=r.measures,
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
