"""Public interface of the partnership app: employers in a plan, their dossiers and claims, the
partnership ledger, own funding per source and employer."""

from .claims import LedgerRow, ledger, pay_claim, submit_claim
from .dossiers import DETAIL_FIELDS, DossierState, add_evidence, evidence_problem, save_details, state, states
from .employers import employer_number, employer_of, invite_employer, record_upload, registrations_of
from .funding import (
    MeasureRealisation,
    SourceRow,
    declaration_from_dossiers,
    dossier_realisation,
    own_funding_by_source,
    record_own_funding,
)

__all__ = [
    "DETAIL_FIELDS", "DossierState", "LedgerRow", "MeasureRealisation", "SourceRow", "add_evidence",
    "declaration_from_dossiers", "dossier_realisation", "employer_number", "employer_of", "evidence_problem",
    "invite_employer",
    "ledger", "own_funding_by_source", "pay_claim", "record_own_funding", "record_upload", "registrations_of",
    "save_details", "state", "states", "submit_claim",
]
