"""What the application checks and the participant upload report say on a page.

The findings keep their code, path and detailed Dutch message in files and the API (formats §1,
§3). On a page the Dutch message is shown with its codes replaced by labels and the scheme by its
name (``readable``); in another language the sentence per code below, translated, is shown.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from sectorplannen.common.labels import (
    ACTIVITIES,
    BOTTLENECKS,
    FUNDING_SOURCES,
    MEASURE_CATEGORIES,
    MEASURE_TYPES,
    PARTNER_KIND_LABELS,
    PARTNER_ROLE_LABELS,
    PLAN_KINDS,
    TARGET_GROUPS,
)

FINDINGS = {
    "no_union": _("Het samenwerkingsverband heeft geen werknemersorganisatie."),
    "no_employers_organisation": _("Het samenwerkingsverband heeft geen werkgeversorganisatie."),
    "not_cao_party": _("Een werkgevers- of werknemersorganisatie is geen partij bij een cao."),
    "no_main_applicant": _("Er is geen hoofdaanvrager."),
    "multiple_main_applicants": _("Er is meer dan één hoofdaanvrager."),
    "main_applicant_kind_not_allowed": _("Deze soort organisatie mag geen hoofdaanvrager zijn."),
    "guarantee_required": _("Het eigen vermogen is te laag: er is een garantsteller nodig."),
    "no_labour_market_analysis": _("De arbeidsmarktanalyse ontbreekt of noemt geen knelpunt."),
    "measure_without_bottleneck": _("Een maatregel noemt geen knelpunt uit de arbeidsmarktanalyse."),
    "unknown_bottleneck": _("Dit knelpunt kent de regeling niet."),
    "measure_type_not_allowed": _("Deze soort maatregel is in deze regeling niet toegestaan."),
    "excluded_target_group": _("Deze doelgroep is in deze regeling uitgesloten."),
    "double_public_funding": _("Een maatregel krijgt ook ander overheidsgeld: dubbele financiering."),
    "regional_government_funding": _("Deze bron van eigen bijdrage is in deze regeling niet toegestaan."),
    "own_funding_insufficient": _("De eigen bijdrage is lager dan de regeling vraagt."),
    "request_below_minimum": _("De gevraagde subsidie is lager dan het minimum van de regeling."),
    "outside_application_window": _("De aanvraag valt buiten het aanvraagtijdvak van de tranche."),
    "duration_too_long": _("De looptijd is langer dan de regeling toestaat."),
    "duplicate_measure_code": _("Twee maatregelen hebben dezelfde code."),
    "duplicate_partner": _("Dezelfde organisatie staat twee keer in het samenwerkingsverband."),
    "invalid_value": _("Deze waarde ontbreekt of is ongeldig."),
    "control_character": _("De tekst bevat een stuurteken; dat is niet toegestaan."),
    "plan_exists": _("Er is al een plan met deze naam."),
}
UPLOAD_ERRORS = {
    "bsn_missing": _("BSN ontbreekt"), "bsn_invalid": _("BSN ongeldig"), "measure_unknown": _("Onbekende maatregel"),
    "date_invalid": _("Ongeldige datum"), "birth_date_implausible": _("Onwaarschijnlijke geboortedatum"),
    "start_outside_plan": _("Start buiten de looptijd van het plan"),
    "end_before_start": _("Einddatum vóór de startdatum"), "target_group_invalid": _("Onbekende doelgroep"),
    "employer_invalid": _("Ongeldig werkgeversnummer"), "duplicate_in_file": _("Dubbel in het bestand"),
    "column_missing": _("Kolom ontbreekt"),
    "not_stored": _("Niet opgeslagen voor uw organisatie"),  # an employer's upload only (issue 21)
}
#: The code lists whose codes occur in the checks' messages (quoted or in "toegestaan: a, b" lists).
_IN_MESSAGES = {**PLAN_KINDS, **ACTIVITIES, **FUNDING_SOURCES, **TARGET_GROUPS, **BOTTLENECKS,
                **PARTNER_ROLE_LABELS, **PARTNER_KIND_LABELS, **MEASURE_CATEGORIES, **MEASURE_TYPES}
_CODE = re.compile(r"'([a-z][a-z0-9_]*)'|\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z]+)\b")
_SCHEME = re.compile(r"\b(in )?regeling ([a-z0-9]+(?:-[a-z0-9]+)+)")


def finding_sentence(code: str) -> str:
    return str(FINDINGS.get(code, FINDINGS["invalid_value"]))


def upload_error_label(code: str) -> str:
    return str(UPLOAD_ERRORS.get(code, code))


def readable(message: str, scheme_titles: dict[str, str]) -> str:
    """A Dutch check message for a page: codes by their label, the scheme by its title."""
    def scheme(m: re.Match) -> str:
        title = scheme_titles.get(m.group(2))
        if title is None:
            return m.group(0)
        return f"in de {title[0].lower()}{title[1:]}" if m.group(1) else title

    def code(m: re.Match) -> str:
        word = m.group(1) or m.group(2)
        known = _IN_MESSAGES.get(word)
        if known is None:
            return m.group(0)
        text = str(known)
        return f"‘{text}’" if m.group(1) else text

    return _CODE.sub(code, _SCHEME.sub(scheme, message))
