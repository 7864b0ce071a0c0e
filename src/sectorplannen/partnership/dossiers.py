"""An employer's dossier per participant: employment details and evidence, and when it is complete.

What a dossier needs is scheme data per measure category (``dossier`` in the scheme's parameters,
``SchemeRules.dossier_requirement``); this module holds only what each field means."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sectorplannen.audit.services import record
from sectorplannen.common.dates import input_date_or_none
from sectorplannen.common.errors import Reason, Refused
from sectorplannen.participants.validation import normalise_employer

from .models import Dossier, Evidence, EvidenceKind

#: The employment details a dossier may ask for: label and how a value is read (None: not valid).
DETAIL_FIELDS = {
    "contract_hours": _("Uren per week volgens contract"),
    "job_title": _("Functie"),
    "employment_start": _("Datum in dienst (nieuwe baan)"),
    "new_employer": _("Nieuwe werkgever (loonheffingen- of KvK-nummer)"),
}


def _hours(value: str):
    return int(value) if value.isdigit() and 0 < int(value) <= 60 else None


def _date(value: str):
    day = input_date_or_none(value)
    return day.isoformat() if day else None


_READERS = {"contract_hours": _hours, "job_title": lambda v: v[:100] or None, "employment_start": _date,
            "new_employer": lambda v: normalise_employer(v) or None}
_PROBLEMS = {"contract_hours": _("Vul een geheel aantal uren tussen 1 en 60 in."),
             "job_title": _("Vul de functie in."),
             "employment_start": _("Vul een geldige datum in (dd-mm-jjjj)."),
             "new_employer": _("Vul een geldig loonheffingennummer of KvK-nummer in.")}


@dataclass(frozen=True)
class DossierState:
    dossier: Dossier
    missing_documents: tuple[str, ...]
    missing_fields: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing_documents and not self.missing_fields

    def blocking(self) -> list[str]:
        """What keeps the dossier from being complete, as the user reads it."""
        labels = dict(EvidenceKind.choices)
        return ([str(labels[d]) for d in self.missing_documents]
                + [str(DETAIL_FIELDS[f]) for f in self.missing_fields])


def requirement(dossier: Dossier):
    measure = dossier.registration.measure
    return measure.plan.scheme.rules.dossier_requirement(measure.category)


def state(dossier: Dossier, kinds: set[str] | None = None) -> DossierState:
    """How far the dossier is (``kinds``: the evidence kinds it has, when the caller fetched them)."""
    need = requirement(dossier)
    if kinds is None:
        kinds = set(dossier.evidence.values_list("kind", flat=True))
    return DossierState(dossier, tuple(d for d in need.documents if d not in kinds),
                        tuple(f for f in need.fields if not dossier.details.get(f)))


def states(dossiers) -> list[DossierState]:
    """The states of many dossiers with one query for their evidence."""
    dossiers = list(dossiers.select_related("registration__measure__plan__scheme", "employer__organisation"))
    kinds: dict[int, set[str]] = {}
    for dossier_id, kind in Evidence.objects.filter(dossier__in=dossiers).values_list("dossier_id", "kind"):
        kinds.setdefault(dossier_id, set()).add(kind)
    return [state(d, kinds.get(d.pk, set())) for d in dossiers]


def save_details(dossier: Dossier, values: dict[str, str], actor) -> Dossier:
    """Store the employment details the dossier asks for; Refused naming each bad field."""
    need = requirement(dossier)
    problems, details = [], dict(dossier.details)
    for name in need.fields:
        raw = str(values.get(name, "") or "").strip()
        if not raw:
            continue
        value = _READERS[name](raw)
        if value is None:
            problems.append(Reason(f"detail_invalid_{name}", f"{DETAIL_FIELDS[name]}: {_PROBLEMS[name]}"))
        else:
            details[name] = value
    if problems:
        raise Refused(problems)
    dossier.details = details
    dossier.save(update_fields=["details", "updated_at"])
    record("dossier_updated", actor=actor, plan=dossier.registration.plan, dossier=dossier.pk)
    return dossier


#: The files evidence may be, by extension, with the first bytes each must start with.
EVIDENCE_TYPES = {".pdf": (b"%PDF",), ".png": (b"\x89PNG",), ".jpg": (b"\xff\xd8\xff",),
                  ".jpeg": (b"\xff\xd8\xff",)}


def evidence_problem(upload) -> Reason | None:
    """Why ``upload`` cannot be evidence (type by extension and first bytes, the portal's upload size
    limit), or None: the one check of the portal's form and the API."""
    name = (upload.name or "").lower()
    suffix = next((s for s in EVIDENCE_TYPES if name.endswith(s)), None)
    if suffix is None:
        return Reason("evidence_type", gettext("Kies een bestand van het type %(types)s.") % {
            "types": ", ".join(EVIDENCE_TYPES)})
    limit = settings.PORTAL_UPLOAD_MAX_BYTES
    if upload.size > limit:
        return Reason("evidence_too_large", gettext("Het bestand is groter dan %(mb)s MB.") % {
            "mb": limit // (1024 * 1024)})
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(EVIDENCE_TYPES[suffix]):
        return Reason("evidence_type", gettext("Dit bestand is geen geldig %(type)s-bestand.") % {
            "type": suffix[1:].upper()})
    return None


def add_evidence(dossier: Dossier, kind: str, upload, actor) -> Evidence:
    """Keep one piece of evidence, after ``evidence_problem``."""
    if kind not in EvidenceKind.values:
        raise Refused(Reason("evidence_kind_unknown", "Kies het soort bewijsstuk."))
    problem = evidence_problem(upload)
    if problem is not None:
        raise Refused(problem)
    evidence = Evidence(dossier=dossier, kind=kind, size=upload.size, uploaded_by=actor)
    evidence.file.save(upload.name, upload, save=False)
    evidence.save()
    record("evidence_uploaded", actor=actor, plan=dossier.registration.plan, dossier=dossier.pk, kind=kind)
    return evidence

