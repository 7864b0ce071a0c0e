import datetime as dt
from decimal import Decimal

import factory

from sectorplannen.finance.models import DeclarationLine, FinalDeclaration, LedgerEntry, ProgressReport

from .plans import MeasureFactory, PlanFactory


class FinalDeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinalDeclaration

    plan = factory.SubFactory(PlanFactory, declared=True)
    submitted_on = dt.date(2016, 8, 1)


class DeclarationLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeclarationLine

    declaration = factory.SubFactory(FinalDeclarationFactory)
    measure = factory.SubFactory(MeasureFactory, plan=factory.SelfAttribute("..declaration.plan"))
    eligible_costs_eur = Decimal("1000")


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    plan = factory.SubFactory(PlanFactory, running=True)
    month = 12
    period_end = dt.date(2015, 7, 1)
    due_on = dt.date(2015, 8, 26)
    submitted_on = dt.date(2015, 8, 1)


class LedgerEntryFactory(factory.django.DjangoModelFactory):
    """A booking written straight into the ledger (the services check the sum rules; tests of the
    database's own checks need the raw row)."""

    class Meta:
        model = LedgerEntry

    plan = factory.SubFactory(PlanFactory, granted=True)
    kind = "advanced"
    amount_eur = Decimal("100.00")
    booked_on = dt.date(2014, 7, 1)
