"""The demo's plan run by its partnership: two employers register their staff, one completes its
dossiers and is paid, the other still misses documents; own funding is recorded per employer.

The plan is withdrawn at the end (with that reason), so the realisation figures keep showing the
published plans only; its employers, dossiers, claims and ledger stay readable in the portal."""

from __future__ import annotations

import datetime as dt
import io
import random
import secrets

from django.core.files.base import ContentFile
from django.db import transaction

from sectorplannen.accounts.services import create_user
from sectorplannen.participants.importer import import_participants
from sectorplannen.participants.synth import BsnSource
from sectorplannen.partnership import services as partnership
from sectorplannen.partnership.models import Dossier
from sectorplannen.plans.application import submit_application
from sectorplannen.plans.examples import TRANCHE_3, load
from sectorplannen.plans.models import Plan
from sectorplannen.workflow.services import transition

NAME = "Zorg en Welzijn Twente: administratie met werkgevers (demo)"
GRANTED_ON, WORKED_ON = dt.date(2015, 6, 1), dt.date(2015, 10, 1)
EMPLOYERS = (("Zorginstelling Alfa (demo)", "123456789L01", 8, True), ("Thuiszorg Beta (demo)", "87654321", 4, False))
PDF = b"%PDF-1.4\n%%EOF\n"  # stands in for a scanned attendance list, certificate or invoice


def _user(username: str, role: str, organisation):
    from django.contrib.auth.models import User

    found = User.objects.filter(username=username).first()
    return found or create_user(username, role=role, password=secrets.token_urlsafe(24), organisations=[organisation])


def _staff(bsns: list[str], measure: str) -> io.BytesIO:
    rows = [f"{measure},{b},19{70 + i % 25}-03-0{1 + i % 9},2015-09-01,,," for i, b in enumerate(bsns)]
    return io.BytesIO(("maatregel,bsn,geboortedatum,startdatum,einddatum,doelgroep,werkgever\n"
                       + "\n".join(rows) + "\n").encode())


@transaction.atomic
def run(seed: int) -> str:
    if Plan.objects.filter(name=NAME).exists():
        return "al aanwezig"
    doc = load(TRANCHE_3)
    doc["name"] = NAME
    plan = submit_application(doc)
    transition(plan, "grant", None, decided_on=GRANTED_ON)
    main = next(p for p in plan.partners.select_related("organisation") if "main_applicant" in p.roles)
    applicant = _user("demo-hoofdaanvrager-twente", "applicant", main.organisation)
    measure = plan.measures.order_by("code").first()
    bsn = BsnSource(random.Random(seed))
    paid = waiting = 0
    for name, number, staff, completes in EMPLOYERS:
        employer = partnership.invite_employer(plan, name=name, number=number, actor=applicant, on=GRANTED_ON)
        user = _user(f"demo-werkgever-{number[-2:]}", "employer", employer.organisation)
        result = import_participants(plan, _staff([bsn() for _ in range(staff)], measure.code),
                                     file_name=f"medewerkers-{number[-2:]}.csv", actor=user, own_employer=number)
        partnership.record_upload(employer, result.batch_id)
        for dossier in Dossier.objects.filter(employer=employer):
            need = partnership.state(dossier)
            kinds = need.missing_documents if completes else need.missing_documents[-1:]
            for kind in kinds:
                partnership.add_evidence(dossier, kind, ContentFile(PDF, name=f"{kind}.pdf"), user)
            if completes:
                partnership.save_details(dossier, {f: "32" for f in need.missing_fields}, user)
            claim = partnership.submit_claim(dossier, "1500", actor=user, on=WORKED_ON)
            if partnership.state(dossier).complete:
                partnership.pay_claim(claim, actor=applicant, on=WORKED_ON)
                paid += 1
            else:
                waiting += 1
        partnership.record_own_funding(plan, source="employers", amount_eur=str(750 * staff), employer=employer,
                                       actor=applicant, on=WORKED_ON)
    transition(plan, "withdraw", None, reason="Demo: voorbeeld van de administratie van het samenwerkingsverband, "
                                             "ingetrokken zodat de realisatiecijfers alleen gepubliceerde plannen "
                                             "tonen.")
    return f"2 werkgevers, {paid} declaraties betaald, {waiting} wachten op een compleet dossier"
