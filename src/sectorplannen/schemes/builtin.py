"""The two built-in scheme versions: the only place where the scheme's numbers are written down.

Source: docs scheme-rules.md (the regulation, Stcrt. 2013, 22962 and amendments; Stcrt. 2014,
34749 for tranche 3, and the published evaluation). A data migration loads these into the
database; from then on the database is the truth and an administrator may edit or add versions.
"""

from __future__ import annotations

import copy

_TYPE_CATEGORIES_2013 = {
    "mobility": {"label": "Mobiliteit", "default_type": "job_placement", "types": {
        "job_placement": {"label": "Van-werk-naar-werk / plaatsing"},
        "transition_fund": {"label": "Transitiefonds"},
        "transfer_centre": {"label": "Mobiliteitscentrum"},
        "application_training": {"label": "Sollicitatietraining"},
    }},
    "career_check": {"label": "Loopbaanscan", "default_type": "career_check", "types": {
        "career_check": {"label": "Loopbaanscan / loopbaanadvies"},
    }},
    "training": {"label": "Scholing", "default_type": "general_training", "types": {
        "general_training": {"label": "Scholing algemeen"},
        "older_younger_training": {"label": "Scholing ouderen en jongeren"},
        "evc": {"label": "EVC (erkenning verworven competenties)"},
    }},
    "work_placements": {"label": "Leerwerkplekken", "default_type": "work_placement", "types": {
        "work_placement": {"label": "Leerwerkplek (BBL)", "rate": "0.20"},
    }},
    "health": {"label": "Gezondheid", "default_type": "health_check", "types": {
        "health_check": {"label": "Gezondheidscheck"},
        "health_initiative": {"label": "Vitaliteitsinitiatief"},
    }},
    "other": {"label": "Overig", "default_type": "research", "types": {
        "staff_pool": {"label": "Personeelspool"},
        "older_coaching": {"label": "Ouderen coachen jongeren"},
        "hiring_older_younger": {"label": "In dienst nemen ouderen/jongeren"},
        "research": {"label": "Onderzoek"},
        "vulnerable_hiring": {"label": "In dienst nemen kwetsbare groepen", "rate": "1.00"},
    }},
}

_TRAJECTORIES_2015 = {
    "work_same_occupation": {"label": "Van werk naar werk (zelfde beroep)"},
    "work_other_occupation": {"label": "Van werk naar werk (ander beroep)"},
    "ww_to_work": {"label": "Van WW naar werk"},
    "other_to_work": {"label": "Van overige situatie naar werk"},
}

_TIERS_ORIGINAL = [
    {"up_to": "500000", "rate": "0.15"},
    {"up_to": "1000000", "rate": "0.07"},
    {"up_to": None, "rate": "0.01"},
]
_TIERS_AMENDED = [
    {"up_to": "1000000", "rate": "0.15"},
    {"up_to": "10000000", "rate": "0.07"},
    {"up_to": None, "rate": "0.01"},
]

_COMMON = {
    "default_rate": "0.50",
    "activities": [],
    "overhead": {"subsidy_rate": "0.50", "schedules": []},
    "participant_threshold": {"level": "measure", "min_ratio": "0.60"},
    "cost_threshold": {"min_ratio": "0.60", "consequence": "nil"},
    "guarantee": {"equity_ratio": "0.80", "coverage_ratio": "0.80"},
    "partnership": {
        "required_kinds": ["union", "employers_organisation"],
        "cao_required_kinds": ["union", "employers_organisation"],
        "main_applicant_kinds": [],
        "partner_kinds": [
            "employers_organisation", "union", "training_fund", "knowledge_centre", "sector_organisation",
            "municipality", "province", "uwv", "education", "employer", "other",
        ],
    },
    "bottlenecks": ["ageing", "dejuvenation", "new_competences", "shrinkage", "flexibilisation", "mismatch", "other"],
    "target_groups": ["working_in_sector", "working_other_sector", "student", "not_working"],
    "excluded_target_groups": [],
    "funding": {
        "own_funding_sources": [
            "training_fund", "employers", "employees", "sector_organisation", "municipality", "province",
            "education", "other",
        ],
        "regional_government_sources": ["municipality", "province"],
        "regional_government_max_share": "0",
    },
    "duration": {
        "max_months": 24, "start_within_months": 6, "work_placement_types": ["work_placement"],
        "work_placement_start_within_months": 12, "work_placement_run_until_months": 36,
    },
    "extension": {"max_count": 1, "max_months": 6, "request_within_months": 24},
    "allow_new_measures_after_grant": False,
    "revision": {"may_raise_max_subsidy": False},
    "advances": {
        "initial_share": "0.10", "interval_months": 6, "max_cumulative_share": "0.80",
        "underspend_signal_ratio": "0.75",
    },
    "progress_reports": {"months": [12, 24], "due_weeks": 8},
    "deadlines": {"decision_weeks": 13, "declaration_weeks": 13, "settlement_weeks": 22},
    "youth": {"max_age": 26, "target_share": "0.25"},
    "realisation": {"target_reached_ratio": "0.98"},
    # registry_caps_declared: the regulation settles on the declared, audited number of participants;
    # the registry is reconciled against it, not counted. A version that counts at most the registered
    # participants of a measure with individual registration sets True.
    "participants": {"min_age": 15, "max_age": 70, "registry_caps_declared": False},
    # The regulation itself asked no final report: the evaluators interviewed. A version that makes
    # the structured final report (eindrapportage) a condition of the final declaration sets True.
    "final_report": {"required": False},
}


def _scheme_2013() -> dict:
    p = copy.deepcopy(_COMMON)
    p.update(
        title="Regeling cofinanciering sectorplannen (tranches 1 en 2)",
        measure_structure="type",
        categories=copy.deepcopy(_TYPE_CATEGORIES_2013),
        minimum_request_eur="250000",
        excluded_target_groups=["social_assistance", "occupational_disability"],
    )
    p["overhead"]["schedules"] = [
        {"effective_from": "2013-08-01", "tiers": _TIERS_ORIGINAL},
        {"effective_from": "2015-01-01", "tiers": _TIERS_AMENDED},
    ]
    p["partnership"]["main_applicant_kinds"] = [
        "employers_organisation", "union", "training_fund", "knowledge_centre",
    ]
    return p


def _scheme_2015() -> dict:
    p = copy.deepcopy(_COMMON)
    p.update(
        title="Regeling cofinanciering sectorplannen (tranche 3)",
        measure_structure="trajectory",
        categories={
            code: {"label": t["label"], "default_type": code, "types": {code: {"label": t["label"]}}}
            for code, t in _TRAJECTORIES_2015.items()
        },
        activities=["guidance_placement", "competence_mapping", "matching_infrastructure", "retraining"],
        minimum_request_eur="125000",
        # The regulation was amended, not replaced: from January 2015 tranche 1–2 plans are settled with
        # the same overhead tiers as this version, so it also knows their measure types and rates.
        also_settles_categories=copy.deepcopy(_TYPE_CATEGORIES_2013),
        target_groups=["working_in_sector", "working_other_sector", "student", "not_working",
                       "social_assistance", "occupational_disability"],
    )
    p["overhead"]["schedules"] = [{"effective_from": "2015-01-01", "tiers": _TIERS_AMENDED}]
    p["partnership"]["main_applicant_kinds"] = ["employers_organisation", "union", "training_fund"]
    p["funding"]["regional_government_max_share"] = "0.50"
    return p


SCHEMES: dict[str, dict] = {
    "sectorplannen-2013": _scheme_2013(),
    "sectorplannen-2015": _scheme_2015(),
}

TRANCHES = [
    {"number": 1, "scheme": "sectorplannen-2013", "window_start": "2013-10-01", "window_end": "2013-12-31",
     "budget_ceiling_eur": "260000000"},
    {"number": 2, "scheme": "sectorplannen-2013", "window_start": "2014-04-01", "window_end": "2014-05-31",
     "budget_ceiling_eur": "205000000"},
    {"number": 3, "scheme": "sectorplannen-2015", "window_start": "2015-01-15", "window_end": "2015-09-15",
     "budget_ceiling_eur": "150000000"},
]
