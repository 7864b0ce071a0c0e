"""Labels for the codes of the code lists (formats §1, statuses, kinds, types), shared by pages and reports.

Codes belong in files and the API; people see these labels, in their language (gettext). One
mapping per code list; ``CODE_LISTS`` names them for the ``label`` template filter and for the test
that no page shows a raw code.
"""

from django.utils.translation import gettext_lazy as _

from sectorplannen.common.kinds import PARTNER_KINDS, PARTNER_ROLES

BOTTLENECKS = {
    "ageing": _("Vergrijzing"), "dejuvenation": _("Ontgroening"), "new_competences": _("Nieuwe competenties"),
    "shrinkage": _("Krimp"), "flexibilisation": _("Flexibilisering"), "mismatch": _("Mismatch"), "other": _("Overig"),
}
TARGET_GROUPS = {
    "working_in_sector": _("Werkend in de sector"), "working_other_sector": _("Werkend in een andere sector"),
    "student": _("Student"), "not_working": _("Niet werkend"), "social_assistance": _("Bijstandsgerechtigd"),
    "occupational_disability": _("Arbeidsbeperkt"),
}
FUNDING_SOURCES = {
    "training_fund": _("O&O-fonds"), "employers": _("Werkgevers"), "employees": _("Werknemers"),
    "sector_organisation": _("Brancheorganisatie"), "municipality": _("Gemeente"), "province": _("Provincie"),
    "education": _("Onderwijs"), "other": _("Overig"),
}
ACTIVITIES = {
    "guidance_placement": _("Begeleiding en plaatsing"), "competence_mapping": _("Competentiescan"),
    "matching_infrastructure": _("Matchingsinfrastructuur"), "retraining": _("Omscholing"),
}
PLAN_KINDS = {"sectoral": _("Sectoraal"), "regional": _("Regionaal")}
PARTNER_KIND_LABELS = {
    "employers_organisation": _("werkgeversorganisatie"), "union": _("werknemersorganisatie"),
    "training_fund": _("O&O-fonds"), "knowledge_centre": _("kenniscentrum"),
    "sector_organisation": _("brancheorganisatie"), "municipality": _("gemeente"), "province": _("provincie"),
    "uwv": _("UWV"), "education": _("onderwijsinstelling"), "employer": _("werkgever"), "other": _("overig"),
}
PARTNER_ROLE_LABELS = {"main_applicant": _("hoofdaanvrager"), "guarantor": _("garantsteller"), "partner": _("partner")}
PLAN_STATUSES = {
    "draft": _("concept"), "submitted": _("ingediend"), "granted": _("verleend"), "running": _("lopend"),
    "declared": _("gedeclareerd"), "settled": _("vastgesteld"), "refused": _("afgewezen"),
    "withdrawn": _("ingetrokken"), "lapsed": _("vervallen"),
}
#: Themes (tranches 1–2) and trajectories (tranche 3) of the built-in schemes; a scheme an
#: administrator adds may bring its own codes, then its own (Dutch) label from the scheme data shows.
MEASURE_CATEGORIES = {
    "mobility": _("Mobiliteit"), "career_check": _("Loopbaanscan"), "training": _("Scholing"),
    "work_placements": _("Leerwerkplekken"), "health": _("Gezondheid"), "other": _("Overig"),
    "work_same_occupation": _("Van werk naar werk (zelfde beroep)"),
    "work_other_occupation": _("Van werk naar werk (ander beroep)"),
    "ww_to_work": _("Van WW naar werk"), "other_to_work": _("Van overige situatie naar werk"),
}
MEASURE_TYPES = {
    "job_placement": _("Van-werk-naar-werk / plaatsing"), "transition_fund": _("Transitiefonds"),
    "transfer_centre": _("Mobiliteitscentrum"), "application_training": _("Sollicitatietraining"),
    "career_check": _("Loopbaanscan / loopbaanadvies"), "general_training": _("Scholing algemeen"),
    "older_younger_training": _("Scholing ouderen en jongeren"), "evc": _("EVC (erkenning verworven competenties)"),
    "work_placement": _("Leerwerkplek (BBL)"), "health_check": _("Gezondheidscheck"),
    "health_initiative": _("Vitaliteitsinitiatief"), "staff_pool": _("Personeelspool"),
    "older_coaching": _("Ouderen coachen jongeren"), "hiring_older_younger": _("In dienst nemen ouderen/jongeren"),
    "research": _("Onderzoek"), "vulnerable_hiring": _("In dienst nemen kwetsbare groepen"),
    **{code: MEASURE_CATEGORIES[code] for code in
       ("work_same_occupation", "work_other_occupation", "ww_to_work", "other_to_work")},
}
DECISION_KINDS = {"grant": _("verlening"), "revision": _("herziening"), "refusal": _("afwijzing"),
                  "settlement": _("vaststelling"), "lapse": _("vervallen"), "withdrawal": _("intrekking"),
                  "advance": _("voorschot")}
PROPOSAL_STATUSES = {"proposed": _("voorgesteld"), "approved": _("genomen"), "rejected": _("teruggestuurd")}
REVISION_STATUSES = {"requested": _("ingediend"), "proposed": _("voorgesteld"), "decided": _("besloten"),
                     "rejected": _("afgewezen")}
ADVANCE_REQUEST_STATUSES = {"requested": _("ingediend"), "proposed": _("in behandeling"),
                            "granted": _("toegekend"), "refused": _("afgewezen")}
LINE_STATUSES = {"active": _("actief"), "stopped": _("gestopt")}
LEDGER_KINDS = {"granted": _("verleend"), "advanced": _("voorschot"), "settled": _("vastgesteld"),
                "paid": _("uitbetaald na vaststelling"), "reclaimed": _("teruggevorderd")}
SETTLEMENT_LINE_STATUSES = {"ok": _("in orde"), "below_participant_threshold": _("onder deelnemersdrempel")}
PARTICIPANT_CHECKS = {"met": _("gehaald"), "not_met": _("niet gehaald"), "exempt": _("geen deelnemersdoel")}
#: The evaluator's table dimensions (formats §6 and evaluation/indicators.py).
EVALUATION_DIMENSIONS = {
    "total": _("Totaal"), "tranche": _("Tranche"), "category": _("Thema of traject"), "plan_kind": _("Soort plan"),
    "target_group": _("Doelgroep"), "age_group": _("Leeftijdsgroep"),
    "category_x_plan_kind": _("Traject of thema × soort plan"),
}

CODE_LISTS = {
    "bottleneck": BOTTLENECKS, "target_group": TARGET_GROUPS, "funding_source": FUNDING_SOURCES,
    "activity": ACTIVITIES, "plan_kind": PLAN_KINDS, "partner_kind": PARTNER_KIND_LABELS,
    "partner_role": PARTNER_ROLE_LABELS, "plan_status": PLAN_STATUSES, "category": MEASURE_CATEGORIES,
    "measure_type": MEASURE_TYPES, "decision_kind": DECISION_KINDS, "proposal_status": PROPOSAL_STATUSES,
    "revision_status": REVISION_STATUSES, "line_status": LINE_STATUSES, "ledger_kind": LEDGER_KINDS,
    "advance_request_status": ADVANCE_REQUEST_STATUSES,
    "settlement_line_status": SETTLEMENT_LINE_STATUSES, "participant_check": PARTICIPANT_CHECKS,
    "dimension": EVALUATION_DIMENSIONS,
}
assert set(PARTNER_KIND_LABELS) == {code for code, _label in PARTNER_KINDS}
assert set(PARTNER_ROLE_LABELS) == {code for code, _label in PARTNER_ROLES}


def label(mapping: dict, code: str) -> str:
    return str(mapping.get(code, code))


def label_of(list_name: str, code) -> str:
    """The label of ``code`` in the named code list; any other value as it is."""
    if code in (None, ""):
        return ""
    return str(CODE_LISTS[list_name].get(code, code))


def any_label(code) -> str:
    """The label of a value that may be a code of any list (audit details, findings): the first
    list that knows it, else the value itself."""
    if isinstance(code, str):
        for mapping in CODE_LISTS.values():
            if code in mapping:
                return str(mapping[code])
    return code


def measure_type_label(code: str, fallback=None) -> str:
    """A measure type's (or trajectory's) label in the user's language; a type only a later scheme
    version knows keeps the label of the scheme data (``fallback``)."""
    known = MEASURE_TYPES.get(code)
    return str(known if known is not None else (fallback or code))


def category_label(code: str, fallback=None) -> str:
    known = MEASURE_CATEGORIES.get(code)
    return str(known if known is not None else (fallback or code))
