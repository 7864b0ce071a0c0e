"""The linkage file for UWV (formats.md §4): ``koppeling.csv`` with ``bsn,pseudonym``, one row per
person. The only file in which a BSN leaves the system: only the linkage role may make it, and
every creation is audit-logged (who, when, how many)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Exists, OuterRef

from sectorplannen.audit.services import record
from sectorplannen.common.spreadsheet import safe_writer
from sectorplannen.plans.models import Plan

from .models import Person, Registration
from .services import can_export_linkage
from .vault import get_vault

CHUNK_SIZE = 10_000


class LinkageNotAllowed(PermissionError):
    pass


@dataclass(frozen=True)
class LinkageExport:
    path: Path
    persons: int
    left_out: int = 0  # registered persons whose BSN was removed after the retention period


def write_linkage_file(out_dir: Path, plans: list[Plan], *, user, authenticated: str = "") -> LinkageExport:
    """Write ``koppeling.csv`` for the persons registered in ``plans``; ``user`` must hold the linkage
    role. The file is created readable by its owner only. ``authenticated`` says how the user proved
    who they are (the audit event records it)."""
    allowed, reason = can_export_linkage(user)
    if not allowed:
        record("linkage_file_refused", actor=user, reason=reason, plans=[p.id for p in plans])
        raise LinkageNotAllowed(reason)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "koppeling.csv"
    registered = Person.objects.filter(Exists(Registration.objects.filter(person=OuterRef("pk"), plan__in=plans)))
    removed = registered.filter(bsn_ciphertext__isnull=True).count()  # past the retention period: no BSN left
    persons = (registered.filter(bsn_ciphertext__isnull=False).order_by("id")
               .values_list("pseudonym", "bsn_ciphertext").iterator(chunk_size=CHUNK_SIZE))
    plan_ids = [p.id for p in plans]
    n = 0
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        writer = safe_writer(fh)
        writer.writerow(["bsn", "pseudonym"])
        for bsn, pseudonym in get_vault().linkage_pairs(persons, actor=user, purpose="linkage_export",
                                                         plans=plan_ids):
            writer.writerow((bsn, pseudonym))
            n += 1
    record("linkage_file_created", actor=user, persons=n, plans=plan_ids, file=path.name,
           authenticated=authenticated, left_out_retention=removed)
    return LinkageExport(path, n, removed)
