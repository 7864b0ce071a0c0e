"""``sectorplannen simulate SCENARIO.json … [--against baseline|OTHER.json] --out DIR`` (docs/simulator.md)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from sectorplannen.common.money import format_eur
from sectorplannen.simulator import services
from sectorplannen.simulator.labels import run_title
from sectorplannen.simulator.outputs import write_outputs


class Command(BaseCommand):
    help = ("Alle vastgestelde plannen en referentieplannen opnieuw vaststellen onder een of meer scenario's en "
            "vergelijken met de huidige regels (of een ander scenario); schrijft CSV, XLSX en HTML.")

    def add_arguments(self, parser):
        parser.add_argument("scenarios", nargs="+", metavar="SCENARIO.json", help="scenario's (docs/simulator.md)")
        parser.add_argument("--against", default=services.BASELINE,
                            help="'baseline' (de huidige regels, standaard) of een ander scenariobestand")
        parser.add_argument("--out", required=True, help="map voor de uitvoer (wordt gemaakt als die er niet is)")
        parser.add_argument("--save", metavar="REDEN", default="",
                            help="de scenario's ook opslaan als nieuwe versie, met deze reden")

    def handle(self, *args, scenarios, against, out, save, **options):
        files = list(scenarios) + ([] if against == services.BASELINE else [against])
        documents = {f: self._read(f) for f in files}
        try:
            self._run(scenarios, against, documents, Path(out), save)
        except DatabaseError as exc:
            self._unusable(f"de database kan niet worden gelezen ({exc.__class__.__name__}); draai eerst migrate.")

    def _run(self, scenarios, against, documents, out_dir: Path, save: str):
        out = str(out_dir)
        problems, parsed = [], {}
        for f, document in documents.items():
            try:
                parsed[f] = services.parse(document)
            except services.InvalidScenario as exc:
                problems += [f"{f}: {p}" for p in exc.problems]
        names = [parsed[f].name for f in scenarios if f in parsed]
        if len(set(names)) != len(names):
            problems.append("(scenario's): elke naam mag maar één keer voorkomen")
        if problems:
            self._reject(problems)
        if out_dir.exists() and not out_dir.is_dir():
            self._unusable(f"--out {out}: dit is een bestand, geen map.")
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._unusable(f"--out {out}: de map kan niet worden gemaakt ({exc.strerror}).")
        if save:
            for f in scenarios:
                version = services.save_scenario(documents[f], save)
                self.stdout.write(f"Opgeslagen: {version}")
        sim = services.simulate([parsed[f] for f in scenarios], parsed.get(against))
        if not sim.cases:
            self._unusable("er zijn geen vastgestelde plannen of referentieplannen om opnieuw vast te stellen.")
        try:
            paths = write_outputs(sim, out_dir)
        except OSError as exc:
            self._unusable(f"--out {out}: kan niet schrijven ({exc.strerror}).")
        self._summary(sim, paths)

    def _summary(self, sim, paths):
        self.stdout.write(f"{len(sim.cases)} plannen opnieuw vastgesteld. Alleen de regels veranderen, niet wat de "
                          "plannen deden (gedrag is niet aangenomen, behalve in runs gemarkeerd als aanname).")
        for c in sim.comparisons:
            title = run_title(c.label, c.title, c.assumption)
            total, diff = format_eur(c.total("scenario_eur")), format_eur(c.total("difference_eur"))
            self.stdout.write(f"- {title}: {total} (verschil {diff}; {c.gainers} plannen meer, {c.losers} minder)")
        for line in sim.mismatches:
            self.stderr.write(f"Afwijking van de opgeslagen vaststelling: {line}")
        for path in paths.values():
            self.stdout.write(f"Geschreven: {path}")

    def _read(self, file: str):
        try:
            raw = Path(file).read_bytes()
        except OSError as exc:
            reason = "het bestand bestaat niet" if isinstance(exc, FileNotFoundError) else (exc.strerror or str(exc))
            self._unusable(f"kan {file} niet lezen: {reason}.")
        try:
            return json.loads(raw.decode("utf-8-sig"))  # a number with a fraction is refused: amounts as strings
        except UnicodeDecodeError as exc:
            self._reject([f"{file}: (document): geen UTF-8-tekst (byte {exc.start})"])
        except json.JSONDecodeError as exc:
            self._reject([f"{file}: (document): geen geldige JSON (regel {exc.lineno}, kolom {exc.colno})"])

    def _reject(self, problems: list[str]):
        self.stderr.write("De scenario's zijn afgekeurd:")
        for problem in problems:
            self.stderr.write(f"- {problem}")
        raise SystemExit(1)

    def _unusable(self, message: str):
        self.stderr.write(message)
        raise SystemExit(2)

