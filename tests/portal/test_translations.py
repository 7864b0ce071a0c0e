"""Every text of the pages has an English translation, also the shared labels outside the apps."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
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


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: p.parts[-5])
def test_every_text_of_the_templates_and_code_is_in_its_catalogue(catalogue, tmp_path):
    """``makemessages`` on a copy of the app finds no text that the committed catalogue leaves
    without English (a text added to a template or to the code without a translation fails here)."""
    if shutil.which("xgettext") is None or shutil.which("msgattrib") is None:
        pytest.skip("GNU gettext is not installed")
    app = catalogue.parents[3]
    copy = tmp_path / app.name
    shutil.copytree(app, copy, ignore=shutil.ignore_patterns("__pycache__", "static", "migrations"))
    command = Path(sys.executable).with_name("sectorplannen")
    subprocess.run([str(command), "makemessages", "-l", "en", "--no-obsolete"], cwd=copy, check=True,
                   capture_output=True)
    made = copy / "locale" / "en" / "LC_MESSAGES" / "django.po"
    untranslated = subprocess.run(["msgattrib", "--untranslated", "--no-obsolete", str(made)],
                                  capture_output=True, text=True, check=True).stdout
    fuzzy = subprocess.run(["msgattrib", "--only-fuzzy", "--no-obsolete", str(made)],
                           capture_output=True, text=True, check=True).stdout
    blocks = (untranslated + "\n\n" + fuzzy).split("\n\n")
    missing = [b.strip() for b in blocks if "msgid" in b and "Content-Type" not in b]
    assert missing == [], f"{app.name}: texts without English:\n" + "\n\n".join(missing)
