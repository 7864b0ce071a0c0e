"""Retention: BSN ciphertexts and birth dates of plans settled longer ago than the period are
removed; pseudonyms, registrations and every figure stay; the linkage file leaves those persons out."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from sectorplannen.audit.models import AuditEvent
from sectorplannen.monitoring.facts import fingerprint
from sectorplannen.monitoring.queries import load_facts
from sectorplannen.monitoring.services import realisation_tables
from sectorplannen.participants import vault
from sectorplannen.participants.export import write_evaluator_files
from sectorplannen.participants.linkage import write_linkage_file
from sectorplannen.participants.models import Person, Registration
from sectorplannen.plans.models import Plan

from .drill import rows

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 1)  # settled 2016-09-01: more than 7 years before


def figures():
    return fingerprint(load_facts()), [(t.id, t.rows) for t in realisation_tables()]


def evaluator_file(tmp_path, name) -> bytes:
    out = tmp_path / name
    write_evaluator_files(out, list(Plan.objects.filter(is_reference=False)))
    return (out / "deelnemers.csv").read_bytes()


def test_retention_removes_bsn_and_birth_date_but_keeps_pseudonyms_and_figures(world, users, settings, tmp_path):
    settings.SECTORPLANNEN_RETENTION_YEARS = 7
    settled, running = world["settled"], world["running"]
    persons_before = rows("default", "participants.Person")
    registrations_before = rows("default", "participants.Registration")
    figures_before, export_before = figures(), evaluator_file(tmp_path, "before")
    shared = vault.get_vault().pseudonym(world["shared_bsn"])
    only_settled = set(Registration.objects.filter(plan=settled).values_list("person__pseudonym", flat=True)) - {shared}
    assert len(only_settled) == 15

    out = io.StringIO()
    call_command("retention", "apply", "--dry-run", "--date", TODAY.isoformat(), stdout=out)
    assert "Van 15 personen zouden worden BSN en geboortedatum verwijderd; 1 personen blijven" in out.getvalue()
    assert rows("default", "participants.Person") == persons_before
    assert not AuditEvent.objects.filter(event="retention_applied").exists()

    out = io.StringIO()
    call_command("retention", "apply", "--date", TODAY.isoformat(), stdout=out)
    assert "Van 15 personen zijn BSN en geboortedatum verwijderd" in out.getvalue()
    removed = Person.objects.filter(bsn_ciphertext__isnull=True)
    assert set(removed.values_list("pseudonym", flat=True)) == only_settled
    assert not removed.exclude(birth_date=None).exists()
    assert set(removed.values_list("personal_data_removed_on", flat=True)) == {TODAY}
    kept = Person.objects.get(pseudonym=shared)  # also in the running plan
    assert kept.bsn_ciphertext is not None and kept.birth_date is not None
    after = {p["pseudonym"]: p for p in rows("default", "participants.Person")}
    assert [p["pseudonym"] for p in persons_before] == list(after)
    # Registrations stay, but the birth date each plan gave goes too (issue 12 keeps it per registration).
    removed_ids = set(removed.values_list("pk", flat=True))
    expected = [{**r, "birth_date": None} if r["person_id"] in removed_ids else r for r in registrations_before]
    assert rows("default", "participants.Registration") == expected
    assert not Registration.objects.filter(person__in=removed).exclude(birth_date=None).exists()
    assert set(removed.values_list("birth_year", flat=True)) - {None} and not removed.filter(birth_year=None).exists()
    assert figures() == figures_before
    assert evaluator_file(tmp_path, "after") == export_before
    event = AuditEvent.objects.get(event="retention_applied")
    assert event.context["persons"] == 15 and event.context["kept_for_open_plans"] == 1
    assert settled.pk in event.context["plans"] and running.pk not in event.context["plans"]

    linkage = write_linkage_file(tmp_path / "koppeling", [settled, running], user=users["linkage_officer"])
    assert (linkage.persons, linkage.left_out) == (5, 15)
    lines = (tmp_path / "koppeling" / "koppeling.csv").read_text().splitlines()
    assert len(lines) == 1 + 5 and not [p for p in only_settled if p in "\n".join(lines)]
    assert AuditEvent.objects.filter(event="linkage_file_created").latest("id").context["left_out_retention"] == 15

    assert call_command("keys", "rotate", stdout=io.StringIO()) is None  # a rotation skips the removed ones
    again = io.StringIO()
    call_command("retention", "apply", "--date", TODAY.isoformat(), stdout=again)
    assert "Van 0 personen zijn" in again.getvalue()


def test_nothing_is_removed_inside_the_period(world, settings):
    settings.SECTORPLANNEN_RETENTION_YEARS = 15
    out = io.StringIO()
    call_command("retention", "apply", "--date", TODAY.isoformat(), stdout=out)
    assert "Van 0 personen zijn" in out.getvalue()
    assert not Person.objects.filter(bsn_ciphertext__isnull=True).exists()
