"""The youth age on the measure form comes from the scheme parameters, not from the code."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.utils import translation

from sectorplannen.portal.forms.application import MeasureForm
from sectorplannen.schemes.builtin import SCHEMES
from sectorplannen.schemes.rules import SchemeRules

RULES = SchemeRules.from_parameters("sectorplannen-2013", SCHEMES["sectorplannen-2013"])


@pytest.mark.django_db  # the form also offers the narrow goals of the current codebook
def test_the_youth_label_shows_the_schemes_age():
    with translation.override("nl"):
        label = str(MeasureForm(rules=RULES, analysed=[]).fields["planned_youth_participants"].label)
        assert label == f"Waarvan jongeren (t/m {RULES.youth_max_age} jaar)"
        older = MeasureForm(rules=replace(RULES, youth_max_age=27), analysed=[])
        assert str(older.fields["planned_youth_participants"].label) == "Waarvan jongeren (t/m 27 jaar)"
    with translation.override("en"):
        label = str(MeasureForm(rules=RULES, analysed=[]).fields["planned_youth_participants"].label)
        assert label == f"Of whom youth (up to {RULES.youth_max_age})"
