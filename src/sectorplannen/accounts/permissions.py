"""Object permissions as plain functions ``can_x(user, obj) -> (allowed, reason)``.

Views call these and show ``reason`` (Dutch) when the answer is no; tests call them directly.
Roles come from Django groups (``roles.py``); an applicant's reach comes from its memberships.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from sectorplannen.plans.models import PlanStatus

from .roles import (
    ADMINISTRATOR,
    APPLICANT,
    ASSESSOR,
    EMPLOYER,
    EVALUATOR,
    POLICY_OFFICER,
    has_role,
)

Answer = tuple[bool, str]
YES: Answer = (True, "")
RUNNING = (PlanStatus.GRANTED, PlanStatus.RUNNING)


def _no(reason: str) -> Answer:
    return False, reason


def _member_org_ids(user) -> set[int]:
    cached = getattr(user, "_org_cache", None)
    if cached is None:
        cached = set(user.memberships.values_list("organisation_id", flat=True))
        user._org_cache = cached
    return cached


def member_organisations(user) -> set[int]:
    """The ids of the organisations the user acts for (an API token narrows them to its own)."""
    return _member_org_ids(user)
def _partner_roles(user, plan) -> list[list[str]]:
    """The roles in the plan of each of the user's organisations that take part in it: read once per
    plan object and user (a plan page asks a dozen permission questions about the same plan)."""
    cached = plan.__dict__.setdefault("_partner_roles_cache", {})
    if user.pk not in cached:
        orgs = _member_org_ids(user)
        cached[user.pk] = list(plan.partners.filter(organisation_id__in=orgs).values_list("roles", flat=True)) \
            if orgs else []
    return cached[user.pk]


def is_partner(user, plan) -> bool:
    """Whether one of the user's organisations takes part in the plan."""
    return bool(_partner_roles(user, plan))


def is_main_applicant(user, plan) -> bool:
    return any("main_applicant" in roles for roles in _partner_roles(user, plan))


def _applicant_acts(user, plan) -> Answer:
    if not has_role(user, APPLICANT):
        return _no(_("Alleen de aanvrager kan dit doen."))
    if not is_main_applicant(user, plan):
        return _no(_("U handelt niet namens de hoofdaanvrager van dit plan."))
    return YES


# -- pages for everyone who is logged in --------------------------------------------------------

def can_use_calculator(user, obj=None) -> Answer:
    if not user.is_authenticated:
        return _no(_("Meld u eerst aan."))
    if has_role(user, APPLICANT, ASSESSOR, POLICY_OFFICER, ADMINISTRATOR):
        return YES
    return _no(_("De rekenhulp is er voor aanvragers en de uitvoering."))


# -- plans -----------------------------------------------------------------------------------------

AGENCY_READERS = (ASSESSOR, POLICY_OFFICER, ADMINISTRATOR)


def can_list_plans(user, obj=None) -> Answer:
    """The list of all plans (applications and the reference plans from the published figures)."""
    if has_role(user, *AGENCY_READERS):
        return YES
    return _no(_("Het overzicht van alle plannen is er voor de uitvoering en het ministerie."))


def can_view_plan(user, plan) -> Answer:
    """Agency roles see every plan, reference plans included; an applicant only its own applications."""
    if has_role(user, *AGENCY_READERS):
        return YES
    if has_role(user, APPLICANT) and not plan.is_reference and is_partner(user, plan):
        return YES
    return _no(_("U heeft geen toegang tot dit plan."))


def _not_reference(plan) -> Answer:
    """Reference plans come from the published figures: they are shown, never changed."""
    if plan.is_reference:
        return _no(_("Dit is een referentieplan uit de gepubliceerde cijfers; het wordt alleen getoond."))
    return YES


def can_create_draft(user, obj=None) -> Answer:
    if not has_role(user, APPLICANT):
        return _no(_("Alleen aanvragers stellen een plan op."))
    if not _member_org_ids(user):
        return _no(_("U bent aan geen organisatie gekoppeld."))
    return YES


def can_edit_draft(user, draft) -> Answer:
    if not has_role(user, APPLICANT):
        return _no(_("Alleen aanvragers stellen een plan op."))
    if draft.organisation_id not in _member_org_ids(user):
        return _no(_("Dit concept is van een andere organisatie."))
    if draft.plan_id is not None:
        return _no(_("Dit plan is al ingediend en kan niet meer worden gewijzigd."))
    return YES


def can_request_revision(user, plan) -> Answer:
    ok, reason = _applicant_acts(user, plan)
    if not ok:
        return ok, reason
    if plan.status not in RUNNING:
        return _no(_("Alleen een verleend, lopend plan kan worden herzien."))
    return _not_reference(plan)


def can_request_advance(user, plan) -> Answer:
    """The main applicant asks for an advance on a granted, running plan (issue 18)."""
    ok, reason = _applicant_acts(user, plan)
    if not ok:
        return ok, reason
    if plan.status not in RUNNING:
        return _no(_("Een voorschot vraagt u aan voor een verleend, lopend plan."))
    return _not_reference(plan)


def can_upload_participants(user, plan) -> Answer:
    ok, reason = _applicant_acts(user, plan)
    if not ok:
        return ok, reason
    if plan.status not in RUNNING:
        return _no(_("Deelnemers worden geregistreerd zolang het plan loopt."))
    return _not_reference(plan)


def can_view_participants(user, plan) -> Answer:
    """Participant data (pseudonyms; never a BSN or birth date) of one plan: the applicant and the assessors."""
    if has_role(user, ASSESSOR):
        return YES
    if has_role(user, APPLICANT) and not plan.is_reference and is_main_applicant(user, plan):
        return YES
    return _no(_("U heeft geen toegang tot de deelnemers van dit plan."))


def can_report_progress(user, plan) -> Answer:
    ok, reason = _applicant_acts(user, plan)
    if not ok:
        return ok, reason
    if plan.status not in RUNNING:
        return _no(_("Voortgang rapporteert u zolang het plan loopt."))
    return _not_reference(plan)


def can_declare(user, plan) -> Answer:
    ok, reason = _applicant_acts(user, plan)
    if not ok:
        return ok, reason
    if plan.status not in RUNNING:
        return _no(_("Een einddeclaratie dient u in voor een verleend, lopend plan."))
    return _not_reference(plan)


def can_view_finance(user, plan) -> Answer:
    """Settlement, advances and ledger of a plan."""
    if has_role(user, *AGENCY_READERS):
        return YES
    if has_role(user, APPLICANT) and not plan.is_reference and is_partner(user, plan):
        return YES
    return _no(_("U heeft geen toegang tot de financiën van dit plan."))


# -- agency desk -------------------------------------------------------------------------------------

def can_use_desk(user, obj=None) -> Answer:
    if has_role(user, ASSESSOR, POLICY_OFFICER):
        return YES
    return _no(_("De werkvoorraad is er voor beoordelaars en beleidsmedewerkers."))


def can_draft_decision(user, plan) -> Answer:
    """Prepare the grant decision on a submitted plan (first pair of eyes)."""
    if not has_role(user, ASSESSOR):
        return _no(_("Alleen een beoordelaar bereidt een besluit voor."))
    if plan.status != PlanStatus.SUBMITTED:
        return _no(_("Alleen over een ingediend plan wordt een besluit voorbereid."))
    return _not_reference(plan)


def can_review_revision(user, request) -> Answer:
    """Turn an applicant's revision request into a proposed decision."""
    if not has_role(user, ASSESSOR):
        return _no(_("Alleen een beoordelaar behandelt een herzieningsverzoek."))
    if request.status != "requested":
        return _no(_("Dit verzoek is al behandeld."))
    return YES


def can_review_advance(user, request) -> Answer:
    """Turn an applicant's advance request into a proposed decision, or refuse it."""
    if not has_role(user, ASSESSOR):
        return _no(_("Alleen een beoordelaar behandelt een voorschotverzoek."))
    if request.status != "requested":
        return _no(_("Dit verzoek is al behandeld."))
    return YES


def can_draft_advance(user, plan) -> Answer:
    """Prepare the decision on an advance request (first pair of eyes)."""
    if not has_role(user, ASSESSOR):
        return _no(_("Alleen een beoordelaar bereidt een voorschotbesluit voor."))
    if plan.status not in RUNNING:
        return _no(_("Een voorschot hoort bij een verleend, lopend plan."))
    return _not_reference(plan)


def can_draft_settlement(user, plan) -> Answer:
    if not has_role(user, ASSESSOR):
        return _no(_("Alleen een beoordelaar bereidt een vaststelling voor."))
    if plan.status == PlanStatus.SETTLED:
        return _no(_("De subsidie van dit plan is al vastgesteld."))
    if plan.status != PlanStatus.DECLARED:
        return _no(_("Vaststellen kan pas na de einddeclaratie."))
    return _not_reference(plan)


def can_run_settlements(user, obj=None) -> Answer:
    """Start a settlement run over all declared plans (ADR 021): it drafts a settlement proposal per
    plan in the starter's name, so it is for whoever drafts a settlement; a second person approves each."""
    if not has_role(user, ASSESSOR):
        return _no(_("Alleen een beoordelaar start een vaststellingsronde: die bereidt de vaststellingen voor."))
    return YES


def can_view_settlement_runs(user, obj=None) -> Answer:
    """See the settlement runs and their results (who drafts and who approves the proposals)."""
    if has_role(user, ASSESSOR, POLICY_OFFICER):
        return YES
    return _no(_("De vaststellingsrondes zijn er voor beoordelaars en beleidsmedewerkers."))


def can_draft_resettlement(user, plan) -> Answer:
    """Prepare a new settlement version of a settled plan (with a reason)."""
    if not has_role(user, ASSESSOR):
        return _no(_("Alleen een beoordelaar bereidt een vaststelling voor."))
    if plan.status != PlanStatus.SETTLED:
        return _no(_("Alleen een vastgesteld plan krijgt een nieuwe vaststelling."))
    return _not_reference(plan)


def can_draft_refusal(user, plan) -> Answer:
    """Prepare the refusal of a submitted application (first pair of eyes)."""
    if not has_role(user, ASSESSOR):
        return _no(_("Alleen een beoordelaar bereidt een afwijzing voor."))
    if plan.status != PlanStatus.SUBMITTED:
        return _no(_("Alleen een ingediende aanvraag kan worden afgewezen."))
    return _not_reference(plan)


def can_draft_revision(user, plan) -> Answer:
    """Prepare a revised decision version (from the applicant's request)."""
    if not has_role(user, ASSESSOR):
        return _no(_("Alleen een beoordelaar behandelt een herzieningsverzoek."))
    if plan.status not in RUNNING:
        return _no(_("Alleen een verleend, lopend plan kan worden herzien."))
    return _not_reference(plan)


def can_draft_lapse(user, plan) -> Answer:
    """Prepare the decision that a grant has lapsed (never started, or no final declaration in time)."""
    if not has_role(user, ASSESSOR):
        return _no(_("Alleen een beoordelaar bereidt het vervallen van een verlening voor."))
    if plan.status not in RUNNING:
        return _no(_("Alleen de verlening van een verleend, lopend plan kan vervallen."))
    return _not_reference(plan)


def can_withdraw(user, plan) -> Answer:
    """The main applicant withdraws its application or its plan (before settlement)."""
    ok, reason = _applicant_acts(user, plan)
    if not ok:
        return ok, reason
    if plan.status not in (PlanStatus.SUBMITTED, *RUNNING):
        return _no(_("Alleen een ingediende aanvraag of een verleend, lopend plan kan worden ingetrokken."))
    return _not_reference(plan)


def can_report_start(user, plan) -> Answer:
    """The main applicant reports that the work of a granted plan has started."""
    ok, reason = _applicant_acts(user, plan)
    if not ok:
        return ok, reason
    if plan.status != PlanStatus.GRANTED:
        return _no(_("Alleen voor een verleend plan dat nog niet loopt meldt u de start."))
    return _not_reference(plan)


def nobody(user, obj=None) -> Answer:
    """Steps only the system takes (the reference import)."""
    return _no(_("Deze stap zet alleen het systeem."))


# Who may give the second pair of eyes, per kind of proposal.
APPROVER_ROLES = {"grant": (POLICY_OFFICER,), "refusal": (POLICY_OFFICER,), "revision": (POLICY_OFFICER,),
                  "settlement": (ASSESSOR, POLICY_OFFICER), "lapse": (POLICY_OFFICER,),
                  "advance": (ASSESSOR, POLICY_OFFICER)}


def can_approve(user, kind: str) -> Answer:
    """Whether the user's role may approve a decision of this kind (the second pair of eyes)."""
    if not has_role(user, *APPROVER_ROLES[kind]):
        return _no(_("U heeft niet de rol om dit besluit goed te keuren."))
    return YES


def can_approve_proposal(user, proposal) -> Answer:
    """The four-eyes rule: someone else, with the right role, takes the drafted decision."""
    ok, reason = can_approve(user, proposal.kind)
    if not ok:
        return ok, reason
    if proposal.drafted_by_id == user.pk:
        return _no(_("Wie het besluit voorbereidt, kan het niet zelf goedkeuren (vier-ogenprincipe)."))
    if proposal.status != "proposed":
        return _no(_("Over dit voorstel is al beslist."))
    return YES


def can_manage_advances(user, plan) -> Answer:
    if not has_role(user, ASSESSOR):
        return _no(_("Alleen een beoordelaar beheert voorschotten en terugvorderingen."))
    if plan.status == PlanStatus.SETTLED:
        return _no(_("Het plan is al vastgesteld: er worden geen voorschotten meer betaald."))
    if plan.status not in (*RUNNING, PlanStatus.DECLARED):
        return _no(_("Voorschotten horen bij een verleend plan."))
    return _not_reference(plan)


def can_view_reconciliation(user, plan) -> Answer:
    if has_role(user, ASSESSOR):
        return YES
    return _no(_("Alleen beoordelaars zien de afstemmingssignalen."))


# -- ministry, evaluator, administrator -----------------------------------------------------------------

def can_view_dashboard(user, obj=None) -> Answer:
    if has_role(user, POLICY_OFFICER, ASSESSOR, ADMINISTRATOR):
        return YES
    return _no(_("Het realisatiedashboard is er voor het ministerie en de uitvoering."))


def can_view_evaluation(user, obj=None) -> Answer:
    """Aggregated, disclosure-controlled outcome tables only."""
    if has_role(user, EVALUATOR, POLICY_OFFICER):
        return YES
    return _no(_("De evaluatie-uitkomsten zijn er voor de evaluator en het ministerie."))


def can_manage_api_tokens(user, obj=None) -> Answer:
    """Applicants and employers make API tokens for their organisation's systems, the agency for its staff
    systems."""
    if not user.is_authenticated:
        return _no(_("Meld u eerst aan."))
    if has_role(user, APPLICANT, EMPLOYER) and _member_org_ids(user):
        return YES
    if has_role(user, ASSESSOR, POLICY_OFFICER, EVALUATOR):
        return YES
    return _no(_("API-sleutels maken aanvragers en werkgevers (voor hun organisatie) en de uitvoering."))
def can_run_evaluation(user, obj=None) -> Answer:
    """Run the evaluation on a delivery of the register extracts and download all its outputs (ADR 021)."""
    if has_role(user, EVALUATOR):
        return YES
    return _no(_("Alleen de evaluator voert de evaluatie uit."))


def can_simulate(user, obj=None) -> Answer:
    """Compose, run and compare scheme variants on the settled and reference plans (ministry policy)."""
    if has_role(user, POLICY_OFFICER):
        return YES
    return _no(_("De simulatie van regelingsvarianten is er voor beleidsmedewerkers van het ministerie."))


def can_view_plan_audit(user, plan) -> Answer:
    if has_role(user, *AGENCY_READERS):
        return YES
    if has_role(user, APPLICANT) and not plan.is_reference and is_main_applicant(user, plan):
        return YES
    return _no(_("U heeft geen toegang tot het logboek van dit plan."))


def can_view_system_audit(user, obj=None) -> Answer:
    if has_role(user, ADMINISTRATOR):
        return YES
    return _no(_("Alleen functioneel beheerders zien het logboek van het hele systeem."))

