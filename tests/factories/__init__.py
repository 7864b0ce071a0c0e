"""factory_boy factories for the test suite, one module per app (README: tests).

Factories write test data straight into the tables: a plan factory sets ``status`` directly for
each state of the plan's life (traits ``draft`` … ``lapsed``), which the application never does
(status changes go through the workflow)."""

from .accounts import UserFactory
from .finance import DeclarationLineFactory, FinalDeclarationFactory, LedgerEntryFactory, ProgressReportFactory
from .organisations import OrganisationFactory
from .participants import ParticipantCountFactory
from .plans import (
    DecisionLineFactory,
    GrantDecisionFactory,
    LabourMarketAnalysisFactory,
    MeasureFactory,
    PlanFactory,
    PlanPartnerFactory,
)
from .schemes import SchemeVersionFactory, tranche

__all__ = [
    "DecisionLineFactory",
    "DeclarationLineFactory",
    "FinalDeclarationFactory",
    "GrantDecisionFactory",
    "LabourMarketAnalysisFactory",
    "LedgerEntryFactory",
    "MeasureFactory",
    "OrganisationFactory",
    "ParticipantCountFactory",
    "PlanFactory",
    "PlanPartnerFactory",
    "ProgressReportFactory",
    "SchemeVersionFactory",
    "UserFactory",
    "tranche",
]
