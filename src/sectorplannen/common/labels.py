"""Dutch labels for the codes of the application document (formats §1), shared by pages and reports."""

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
PARTNER_KIND_LABELS = dict(PARTNER_KINDS)
PARTNER_ROLE_LABELS = dict(PARTNER_ROLES)


def label(mapping: dict, code: str) -> str:
    return str(mapping.get(code, code))
