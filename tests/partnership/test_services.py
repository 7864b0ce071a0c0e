"""Employers register their own staff, dossiers complete, claims are paid only then; the ledger and
the realisation from dossiers follow."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sectorplannen.common.errors import Refused
from sectorplannen.participants.models import Registration
from sectorplannen.partnership import services as partnership
from sectorplannen.partnership.models import Dossier

from .conftest import NUMBERS, register, staff_csv

pytestmark = pytest.mark.django_db
HEADER_ROW = "maatregel,bsn,geboortedatum,startdatum,doelgroep\nM01,{},{},{},werkend_sector\n"
ON = dt.date(2014, 10, 1)
PDF = b"%PDF-1.4\n%%EOF\n"


_register = register


def test_an_employer_registers_only_its_own_staff(users, granted_plan, employers, bsns):
    a, b = employers["a"], employers["b"]
    report = _register(granted_plan, a, users["employer_a"], staff_csv(bsns(3)))
    assert report["stored"] == 3
    # B's upload names A's number on one row: that row is refused, the others are B's
    mixed = staff_csv(bsns(2)) + staff_csv(bsns(1), employer=NUMBERS["a"]).split(b"\n", 1)[1]
    report_b = _register(granted_plan, b, users["employer_b"], mixed)
    assert (report_b["stored"], report_b["rejected"]) == (2, 1)
    assert partnership.registrations_of(a).count() == 3
    assert partnership.registrations_of(b).count() == 2
    assert set(partnership.registrations_of(b).values_list("employer_number", flat=True)) == {NUMBERS["b"]}
    assert Dossier.objects.filter(employer=a).count() == 3 and Dossier.objects.filter(employer=b).count() == 2
    assert Registration.objects.filter(plan=granted_plan).count() == 5  # one registry


def test_an_invalid_or_repeated_employer_number_is_refused(users, granted_plan, employers):
    with pytest.raises(Refused) as bad:
        partnership.invite_employer(granted_plan, name="X", number="12345", actor=users["applicant"], on=ON)
    assert "employer_number_invalid" in bad.value.codes
    with pytest.raises(Refused) as twice:
        partnership.invite_employer(granted_plan, name="Y", number=NUMBERS["a"], actor=users["applicant"], on=ON)
    assert "employer_already_invited" in twice.value.codes


def _complete(dossier, user):
    need = partnership.state(dossier)
    for kind in need.missing_documents:
        partnership.add_evidence(dossier, kind, SimpleUploadedFile(f"{kind}.pdf", PDF), user)
    partnership.save_details(dossier, {f: "32" for f in need.missing_fields}, user)


def test_a_claim_is_paid_only_when_its_dossier_is_complete(users, granted_plan, employers, bsns):
    a = employers["a"]
    _register(granted_plan, a, users["employer_a"], staff_csv(bsns(1)))
    dossier = Dossier.objects.get(employer=a)
    rules = granted_plan.scheme.rules
    need = rules.dossier_requirement("training")
    assert set(partnership.state(dossier).missing_documents) == set(need.documents)
    claim = partnership.submit_claim(dossier, "1000.01", actor=users["employer_a"], on=ON)
    line = granted_plan.latest_decision().lines.get(measure__code="M01")
    assert claim.rate == line.rate and claim.plan_share_eur == rules.line_subsidy("general_training",
                                                                                  Decimal("1000.01"))
    assert claim.plan_share_eur + claim.own_share_eur == Decimal("1000.01")
    with pytest.raises(Refused) as blocked:
        partnership.pay_claim(claim, actor=users["applicant"], on=ON)
    assert "dossier_incomplete" in blocked.value.codes
    _complete(dossier, users["employer_a"])
    assert partnership.state(dossier).complete
    paid = partnership.pay_claim(claim, actor=users["applicant"], on=ON)
    assert paid.paid_on == ON
    row, = partnership.ledger(granted_plan, a)
    assert (row.claimed_eur, row.paid_eur, row.awaiting_eur) == (claim.plan_share_eur, claim.plan_share_eur, 0)
    with pytest.raises(Refused):
        partnership.pay_claim(claim, actor=users["applicant"], on=ON)  # once


def test_claims_of_a_measure_stay_within_its_planned_costs(users, granted_plan, employers, bsns):
    a = employers["a"]
    _register(granted_plan, a, users["employer_a"], staff_csv(bsns(2)))
    first, second = Dossier.objects.filter(employer=a)
    planned = granted_plan.latest_decision().lines.get(measure__code="M01").planned_costs_eur
    partnership.submit_claim(first, planned - 1, actor=users["employer_a"], on=ON)
    with pytest.raises(Refused) as over:
        partnership.submit_claim(second, "2", actor=users["employer_a"], on=ON)
    assert "claim_exceeds_measure" in over.value.codes


def test_details_are_checked_per_field(users, granted_plan, employers, bsns):
    _register(granted_plan, employers["a"], users["employer_a"], staff_csv(bsns(1)))
    dossier = Dossier.objects.get()
    with pytest.raises(Refused) as bad:
        partnership.save_details(dossier, {"contract_hours": "veel"}, users["employer_a"])
    assert "detail_invalid_contract_hours" in bad.value.codes


def test_realisation_from_complete_dossiers_and_own_funding_by_employer(users, granted_plan, employers, bsns):
    a, b = employers["a"], employers["b"]
    _register(granted_plan, a, users["employer_a"], staff_csv(bsns(2)))
    _register(granted_plan, b, users["employer_b"], staff_csv(bsns(1)))
    done, _open = Dossier.objects.filter(employer=a)
    _complete(done, users["employer_a"])
    partnership.submit_claim(done, "700", actor=users["employer_a"], on=ON)
    partnership.submit_claim(Dossier.objects.get(employer=b), "300", actor=users["employer_b"], on=ON)
    rows = {r.code: r for r in partnership.dossier_realisation(granted_plan)}
    assert (rows["M01"].participants, rows["M01"].costs_eur) == (1, Decimal("700.00"))  # complete dossiers only
    assert rows["M01"].declared_participants is None  # no declaration yet
    partnership.record_own_funding(granted_plan, source="employers", amount_eur="250", employer=a,
                                   actor=users["applicant"], on=ON)
    partnership.record_own_funding(granted_plan, source="training_fund", amount_eur="1000", employer=None,
                                   actor=users["applicant"], on=ON)
    with pytest.raises(Refused):
        partnership.record_own_funding(granted_plan, source="lottery", amount_eur="1", employer=None,
                                       actor=users["applicant"], on=ON)
    funding = {r.source: r for r in partnership.own_funding_by_source(granted_plan)}
    assert funding["employers"].by_employer == (("Zorginstelling Alfa", Decimal("250.00")),)
    assert funding["training_fund"].recorded_eur == Decimal("1000.00") and funding["training_fund"].declared_eur is None


def test_the_declaration_draws_from_complete_dossiers_where_the_plan_works_this_way(client, users, granted_plan,
                                                                                  employers, bsns):
    from sectorplannen.partnership.models import PartnershipSettings

    from .conftest import PASSWORD

    _register(granted_plan, employers["a"], users["employer_a"], staff_csv(bsns(1)))
    dossier = Dossier.objects.get()
    _complete(dossier, users["employer_a"])
    partnership.submit_claim(dossier, "700", actor=users["employer_a"], on=ON)
    assert client.login(username="applicant", password=PASSWORD)
    url = f"/plannen/{granted_plan.pk}/einddeclaratie/"
    assert 'data-testid="from-dossiers"' not in client.get(url).content.decode()
    PartnershipSettings.objects.create(plan=granted_plan, declaration_from_dossiers=True)
    page = client.get(url).content.decode()
    assert 'data-testid="from-dossiers"' in page
    import re

    costs = re.search(r'name="M01-costs_eur" value="([^"]+)"', page)
    assert 'name="M01-participants" value="1"' in page and costs and Decimal(costs[1].replace(",", ".")) == 700


def test_an_employer_never_learns_who_else_registered_a_person(users, granted_plan, employers, bsns):
    """Someone A registered is, in B's upload, 'not stored' without a word about A; A's own repeat is
    'already known'. A birth date only A gave raises no warning in B's upload (docs/partnership.md)."""
    from sectorplannen.jobs.models import Job
    from sectorplannen.jobs.services import file_path
    from sectorplannen.participants.services import upload_job_file

    a, b = employers["a"], employers["b"]
    person, other = bsns(2)
    register(granted_plan, a, users["employer_a"], staff_csv([person]))
    again = register(granted_plan, a, users["employer_a"], staff_csv([person]))
    assert (again["stored"], again["already_known"], again["rejected"]) == (0, 1, 0)
    from sectorplannen.notifications.models import Notification

    told = Notification.objects.filter(recipient=users["employer_a"], kind="upload_finished").latest("pk")
    assert told.url.endswith(f"/plannen/{granted_plan.pk}/werkgever/")  # its own page, not the plan's participants
    seen = register(granted_plan, b, users["employer_b"], staff_csv([person, other]))  # the same registration
    assert (seen["stored"], seen["already_known"], seen["rejected"]) == (1, 0, 1)
    assert seen["error_counts"] == {"not_stored": 1}
    job = Job.objects.filter(params__own_employer=b.number).latest("pk")
    errors = file_path(upload_job_file(job, "errors")).read_text(encoding="utf-8")
    assert "not_stored" in errors and a.organisation.name not in errors and a.number not in errors
    later = HEADER_ROW.format(person, "1971-01-01", "2014-10-01").encode()  # another start date, another birth date
    assert register(granted_plan, b, users["employer_b"], later)["birth_date_conflicts"] == 0
    assert register(granted_plan, a, users["employer_a"], HEADER_ROW.format(
        person, "1971-01-01", "2014-11-01").encode())["birth_date_conflicts"] == 1  # against A's own earlier date
    assert partnership.registrations_of(b).count() == 2 and Dossier.objects.filter(employer=b).count() == 2
    # the applicant's own upload still counts it as already known
    from sectorplannen.participants.services import import_participants

    applicant = import_participants(granted_plan, __import__("io").BytesIO(staff_csv([person])), file_name="a.csv")
    assert (applicant.stored, applicant.already_known) == (0, 1)
