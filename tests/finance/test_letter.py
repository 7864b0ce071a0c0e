"""The settlement letter: a Dutch PDF that shows every explanation line and the amounts."""

import datetime as dt
import io
import re
from decimal import Decimal as D

import pytest
from pypdf import PdfReader

from sectorplannen.finance.letters import settlement_letter_pdf
from sectorplannen.finance.services import record_advance, settle_plan

from .factories import declared_plan

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text)


def test_letter_shows_every_explanation_line_and_the_amounts():
    plan = declared_plan("Metaal en Techniek", decided_on=dt.date(2014, 7, 1))
    record_advance(plan, D("1787300.00"), dt.date(2014, 7, 1))
    s = settle_plan(plan, dt.date(2016, 12, 1))
    text = pdf_text(settlement_letter_pdf(s))
    assert "Vaststelling van de subsidie voor het sectorplan Metaal en Techniek" in text
    assert "1 december 2016" in text and s.reference in text
    for amount in ("€ 18.641.480,00", "€ 85.696.000,00", "€ 1.536.960,00", "€ 768.480,00", "€ 87.232.960,00",
                   "€ 1.787.300,00", "€ 16.854.180,00", "€ 16.650.000,00"):
        assert amount in text, amount
    for line in s.explanation:
        assert re.sub(r"\s+", " ", line["text"]) in text, line["text"]
    assert "Wij betalen het saldo van € 16.854.180,00 aan u uit." in text


def test_letter_of_a_clawback_and_a_resettlement():
    measures = [("M1", "general_training", "training", 100, "1000000", 50, "700000")]
    plan = declared_plan("Kappers", measures=measures, decided_on=dt.date(2014, 7, 1))
    record_advance(plan, D("50000.00"), dt.date(2014, 7, 1))
    first = settle_plan(plan, dt.date(2016, 12, 1))
    text = pdf_text(settlement_letter_pdf(first))
    assert "Wij vorderen € 50.000,00 van u terug" in text
    assert "deelnemersdrempel niet gehaald" in text
    line = plan.final_declaration.lines.get()
    line.realised_participants = 60
    line.save()
    second = settle_plan(plan, dt.date(2017, 3, 1), reason="Nagekomen deelnemersregistratie")
    text = pdf_text(settlement_letter_pdf(second))
    assert "vervangt de vaststelling van 1 december 2016" in text and "Nagekomen deelnemersregistratie" in text
    assert "€ 402.500,00" in text and "Wij betalen het saldo van € 402.500,00 aan u uit." in text
