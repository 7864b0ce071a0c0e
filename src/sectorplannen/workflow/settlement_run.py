"""The settlement run over all plans, as a background job (ADR 021): for every plan whose final
declaration is in and that has no settlement yet, compute the settlement with the existing
calculation and draft one settlement *proposal* through ``propose``. The run never takes a
decision: each proposal waits for a second person, as a proposal drafted on the plan's own page.

Idempotent by its key (the candidates' state and the date): the same inputs give the same job and
its stored result; a new run after a change skips every plan whose proposal still waits, so it
never drafts doubles. Cancellable between plans: the proposals drafted so far stay (each is its own
transaction and a valid proposal), a rerun skips them."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Max

from sectorplannen.common.errors import Conflict, Refused
from sectorplannen.finance import services as finance
from sectorplannen.finance.models import LedgerEntry
from sectorplannen.jobs.services import Job, Progress, job_task, submit
from sectorplannen.plans.models import Plan, PlanStatus

from . import clock
from .models import Proposal, ProposalKind, ProposalStatus
from .services import propose

KIND = "settlement_run"
__all__ = ["KIND", "candidates", "run_key", "start_run", "settlement_run_task", "runs", "proposals_of"]

#: What happened to a plan in a run.
PROPOSED, WAITING, SKIPPED = "proposed", "waiting", "skipped"


def candidates():
    """Plans a run considers: declared (the final declaration is in), not settled, not a reference plan."""
    return (Plan.objects.filter(status=PlanStatus.DECLARED, is_reference=False, final_declaration__isnull=False,
                                settlements__isnull=True).order_by("name", "pk"))


def run_key(settled_on: dt.date) -> str:
    """The run's idempotency key: a digest of every input a settlement proposal rests on (the plans
    and their versions, which every step and proposal raises; the settlement proposals' states, which
    sending one back does not raise; the ledger, which advances change) and the date. Three queries."""
    plans = list(candidates().values_list("pk", "lock_version", "scheme_id"))
    ids = [p[0] for p in plans]
    proposals = list(Proposal.objects.filter(plan_id__in=ids, kind=ProposalKind.SETTLEMENT)
                     .order_by("pk").values_list("pk", "status"))
    ledger = LedgerEntry.objects.filter(plan_id__in=ids).aggregate(n=Count("pk"), last=Max("pk"))
    digest = hashlib.sha256(repr((settled_on.isoformat(), plans, proposals, ledger)).encode()).hexdigest()
    return f"{KIND}:{digest[:40]}"


def start_run(user) -> Job:
    """The run for the current data: the finished one as it is (its result is the cached answer),
    the one under way, or a new one drafted in ``user``'s name."""
    settled_on = clock.today()
    return submit(settlement_run_task, kind=KIND, key=run_key(settled_on), user=user,
                  params={"settled_on": settled_on.isoformat(), "user_id": user.pk}, max_attempts=2)


def runs():
    return Job.objects.filter(kind=KIND).select_related("requested_by")


def proposals_of(job: Job) -> dict[int, Proposal]:
    """The proposals a run's result links to, by id, as they are now (approved, sent back or waiting)."""
    ids = [row["proposal_id"] for row in (job.result or {}).get("rows", []) if row.get("proposal_id")]
    return Proposal.objects.in_bulk(ids) if ids else {}


def _calculated(plans: list[Plan], settled_on: dt.date) -> dict[int, dict]:
    """Every plan's settlement as it would be taken on ``settled_on``, computed for all plans at once
    by the finance app's settlement (nothing stored): the amounts, or why it cannot be taken."""
    shown = {}
    for outcome in finance.preview_settlements(plans, settled_on):
        s = outcome.settlement
        shown[outcome.plan.pk] = {"problems": list(outcome.problems)} if s is None else {
            "eligible_costs_eur": str(s.eligible_costs_eur), "determined_subsidy_eur": str(s.determined_subsidy_eur),
            "advances_paid_eur": str(s.advances_paid_eur), "balance_eur": str(s.balance_eur)}
    return shown


def _one(plan: Plan, figures: dict, waiting: Proposal | None, job: Job, user, settled_on: dt.date) -> dict:
    """Draft the plan's proposal (its own transaction), or say why not: the row of the run's result."""
    row = {"plan_id": plan.pk, "plan": plan.name, **{k: v for k, v in figures.items() if k != "problems"}}
    if waiting is not None:
        mine = waiting.payload.get("settlement_run") == job.pk  # an attempt of this job that crashed after it
        return {**row, "outcome": PROPOSED if mine else WAITING, "proposal_id": waiting.pk, "reasons": []}
    if figures.get("problems"):
        return {**row, "outcome": SKIPPED, "reasons": figures["problems"]}
    note = f"Voorbereid in vaststellingsronde {job.pk} van {settled_on:%d-%m-%Y}."
    try:
        proposal = propose(plan, ProposalKind.SETTLEMENT, {"settlement_run": job.pk, **row}, user, note=note)
    except Conflict as exc:  # someone drafted one meanwhile
        found = plan.proposals.filter(kind=ProposalKind.SETTLEMENT, status=ProposalStatus.PROPOSED).first()
        return {**row, "outcome": WAITING, "proposal_id": found.pk if found else None,
                "reasons": list(exc.problems)}
    except Refused as exc:
        return {**row, "outcome": SKIPPED, "reasons": list(exc.problems)}
    return {**row, "outcome": PROPOSED, "proposal_id": proposal.pk, "reasons": []}


@job_task()
def settlement_run_task(progress: Progress, *, settled_on: str, user_id: int) -> dict:
    """Draft a settlement proposal for every candidate plan, one plan (one transaction) at a time."""
    on = dt.date.fromisoformat(settled_on)
    user = get_user_model().objects.get(pk=user_id)
    plans = list(candidates().select_related("scheme"))
    progress.update(done=0, total=len(plans), message="Vaststellingen berekenen")
    figures = _calculated(plans, on) if plans else {}
    waiting = {p.plan_id: p for p in Proposal.objects.filter(
        plan__in=plans, kind=ProposalKind.SETTLEMENT, status=ProposalStatus.PROPOSED)}
    rows, counts = [], {PROPOSED: 0, WAITING: 0, SKIPPED: 0}
    for i, plan in enumerate(plans):
        row = _one(plan, figures.get(plan.pk, {}), waiting.get(plan.pk), progress.job, user, on)
        rows.append(row)
        counts[row["outcome"]] += 1
        progress.update(done=i + 1, counts=counts, message=f"{i + 1} van {len(plans)} plannen")
    proposed = sum((Decimal(r["determined_subsidy_eur"]) for r in rows if r["outcome"] == PROPOSED), Decimal("0.00"))
    return {"settled_on": settled_on, "rows": rows, "counts": counts, "proposed_eur": str(proposed)}
