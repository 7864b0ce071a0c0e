"""Every text of the pages has an English translation, also the shared labels outside the apps."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

from sectorplannen.common import labels

SRC = Path(__file__).resolve().parents[2] / "src" / "sectorplannen"
CATALOGUES = sorted(SRC.glob("*/locale/en/LC_MESSAGES/django.po"))


SAME_IN_BOTH = {"Student", "Mismatch"}


def test_shared_labels_are_translated():
    """The labels live outside the apps (common/locale, named in LOCALE_PATHS)."""
    groups = (labels.BOTTLENECKS, labels.TARGET_GROUPS, labels.FUNDING_SOURCES)
    with translation.override("nl"):
        dutch = [str(v) for group in groups for v in group.values()]
    with translation.override("en"):
        english = [str(v) for group in groups for v in group.values()]
        assert str(labels.TARGET_GROUPS["occupational_disability"]) == "Occupational disability"
    assert [nl for nl, en in zip(dutch, english, strict=True) if nl == en and nl not in SAME_IN_BOTH] == []


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: p.parts[-5])
def test_catalogue_has_no_untranslated_or_fuzzy_texts(catalogue):
    if shutil.which("msgattrib") is None:
        pytest.skip("GNU gettext (msgattrib) is not installed")
    untranslated = subprocess.run(["msgattrib", "--untranslated", "--no-obsolete", str(catalogue)],
                                  capture_output=True, text=True, check=True).stdout
    fuzzy = subprocess.run(["msgattrib", "--only-fuzzy", "--no-obsolete", str(catalogue)],
                           capture_output=True, text=True, check=True).stdout
    assert re.findall(r'^msgid "(.+)"$', untranslated, re.M) == []
    assert re.findall(r'^msgid "(.+)"$', fuzzy, re.M) == []
