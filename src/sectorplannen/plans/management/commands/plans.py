"""``sectorplannen plans check FILE [--json]`` and ``plans submit FILE [--json]`` (formats.md §1).

Exit codes: 0 no errors (warnings allowed; submitted), 1 the document was read but has errors or
the plan exists (findings printed), 2 the file cannot be read as JSON (message on stderr).
"""

import json

from django.core.management.base import BaseCommand, CommandError

from sectorplannen.common.money import format_eur
from sectorplannen.plans.application import (
    ApplicationRefused,
    ApplicationUnreadable,
    assess,
    load_document,
    submit_application,
)
from sectorplannen.plans.checks import ERROR, Assessment, Finding

SEVERITY_LABELS = {"error": "fout", "warning": "waarschuwing"}


class Command(BaseCommand):
    help = "Aanvragen van sectorplannen toetsen en indienen (formats.md §1; docs/application-checks.md)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="Een aanvraagdocument (JSON) toetsen aan de regeling.")
        check.add_argument("file", help="het aanvraagdocument (JSON)")
        check.add_argument("--json", action="store_true", help="bevindingen als JSON")
        submit = sub.add_parser("submit", help="Een aanvraag toetsen en, zonder fouten, als plan indienen.")
        submit.add_argument("file", help="het aanvraagdocument (JSON)")
        submit.add_argument("--json", action="store_true", help="resultaat als JSON")

    def handle(self, *args, action, file, **options):
        try:
            doc = load_document(file)
        except ApplicationUnreadable as exc:
            raise CommandError(str(exc), returncode=2) from exc
        as_json = options["json"]
        assessment = assess(doc)
        if action == "check" or not assessment.valid:
            self._report(assessment, assessment.findings, as_json)
            if not assessment.valid:
                raise CommandError(_summary(assessment.findings), returncode=1)
            return
        try:
            plan = submit_application(doc)
        except ApplicationRefused as exc:
            self._report(assessment, exc.findings, as_json)
            raise CommandError(_summary(exc.findings), returncode=1) from exc
        if as_json:
            self._report(assessment, assessment.findings, as_json, plan={"id": plan.pk, "name": plan.name})
        else:
            self._report(assessment, assessment.findings, as_json)
            self.stdout.write(f"Ingediend: plan {plan.pk} '{plan.name}'.")

    def _report(self, assessment: Assessment, findings: tuple[Finding, ...], as_json: bool, **extra) -> None:
        requested = assessment.requested_subsidy_eur
        valid = not any(f.severity == ERROR for f in findings)
        if as_json:
            self.stdout.write(json.dumps({
                "findings": [f.as_dict() for f in findings],
                "requested_subsidy_eur": None if requested is None else str(requested),
                "valid": valid,
                **extra,
            }, indent=2))
            return
        for f in findings:
            where = f.path or "(document)"
            self.stdout.write(f"{SEVERITY_LABELS[f.severity]:<12} {where}  [{f.code}] {f.message}")
        if requested is not None:
            self.stdout.write(f"Gevraagde subsidie: {format_eur(requested)}")
        if valid:
            self.stdout.write("Geen fouten: de aanvraag voldoet aan de regels.")


def _summary(findings: tuple[Finding, ...]) -> str:
    errors = sum(f.severity == ERROR for f in findings)
    return f"De aanvraag is afgekeurd: {errors} fout(en), zie de bevindingen hierboven."
