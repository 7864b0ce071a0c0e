"""Narrow goals per theme (docs qualitative.md §1.1) and which outcome indicator tests each goal.

``GOALS[theme]`` lists ``(code, Dutch, English, lines)``; ``INDICATORS[goal]`` names the outcome
tables of the evaluation (formats.md §5: ``table:outcome``) that measure it, so a reader sees a goal
beside the figure that tests it. A goal without a register indicator (e.g. healthier workers) maps
to an empty list: the register cannot test it and the page says so.
"""

from __future__ import annotations

GOALS: dict[str, list[tuple[str, str, str, str]]] = {
    "mobility": [
        ("job_change", "Baanwisselingen binnen en buiten de sector stimuleren",
         "Stimulate job changes within and outside the sector", "L915–917"),
        ("prevent_ww", "Uitkeringsafhankelijkheid voorkomen, vooral WW-instroom",
         "Prevent benefit dependency, especially WW inflow", "L917–919"),
        ("prevent_exit", "Uitval van de arbeidsmarkt voorkomen; hogere en langere participatie",
         "Prevent exit from the labour market; higher and longer participation", "L919–923"),
    ],
    "career_check": [
        ("participation", "Bijdragen aan arbeidsparticipatie", "Contribute to labour participation", "L933–935"),
        ("mobility", "Mobiliteit vergroten", "Increase mobility", "L935–937"),
    ],
    "work_placements": [
        ("more_placements", "Meer leerwerkplekken en de bbl-infrastructuur op gang houden",
         "More placements and keeping the bbl infrastructure going", "L944–950"),
        ("youth_fit", "Betere aansluiting van jongeren op de arbeidsmarkt", "Better labour-market fit for young people",
         "L952–954"),
        ("work_experience", "Meer werkervaring voor jongeren", "More work experience for young people", "L954–956"),
        ("future_shortages", "Gericht op de toekomstige arbeidsmarkt (tekorten voorkomen)",
         "Aimed at the future labour market (avoiding shortages)", "L958–962"),
        ("youth_training", "Vooral een opleidingsinstrument voor jongeren", "Primarily a training instrument for youth",
         "L962–966"),
        ("vulnerable_groups", "Gericht op specifieke of kwetsbare doelgroepen",
         "Aimed at specific or vulnerable groups",
         "L966–970"),
    ],
    "training": [
        ("human_capital", "Menselijk kapitaal in de sector vergroten", "Raise human capital in the sector", "L972–976"),
        ("retention_mobility", "Arbeidsparticipatie (behoud) en mobiliteit",
         "Labour participation (retention) and mobility",
         "L978–980"),
        ("up_to_date", "Werkenden productief houden met actuele kennis",
         "Keep workers productive with up-to-date knowledge",
         "L982–990"),
        ("future_insight", "Inzicht in de toekomst om inzetbaar te blijven",
         "Insight into the future to stay employable",
         "L990–994"),
    ],
    "health": [
        ("longer_participation", "Hogere en langere participatie (duurzame inzetbaarheid)",
         "Higher and longer participation (sustainable employability)", "L996–1000"),
        ("healthier", "Gezondere werknemers", "Healthier workers", "L1002–1004"),
        ("lower_absence", "Lager verzuim; arbeidsongeschiktheid voorkomen", "Lower absenteeism; avoid disability",
         "L1004–1006"),
        ("productivity", "Hogere productiviteit", "Higher productivity", "L1006–1008"),
    ],
    "other": [
        ("research", "Onderzoek, experimenten en voorlichting", "Research, experiments and information", "L1026–1030"),
        ("sector_policy", "Opgenomen in het beleid van het sectorfonds", "Adopted into sector-fund policy",
         "L1030–1032"),
        ("retain_staff", "Vakkrachten behouden", "Retain skilled staff", "L1032–1034"),
    ],
}

INDICATORS: dict[str, list[str]] = {
    "job_change": ["employer_mobility:andere_werkgever_zelfde_sector", "employer_mobility:andere_sector"],
    "prevent_ww": ["income_status:ww", "income_status:werknemer_ww"],
    "prevent_exit": ["income_status:werknemer", "income_status:overig"],
    "participation": ["income_status:werknemer"],
    "mobility": ["employer_mobility:andere_werkgever_zelfde_sector", "employer_mobility:andere_sector"],
    "more_placements": [],
    "youth_fit": ["income_status:werknemer", "plan_sector:sector_van_plan"],
    "work_experience": ["income_status:werknemer"],
    "future_shortages": ["plan_sector:sector_van_plan"],
    "youth_training": [],
    "vulnerable_groups": ["income_status:overige_uitkering"],
    "human_capital": [],
    "retention_mobility": ["employer_mobility:zelfde_werkgever", "employer_mobility:andere_sector"],
    "up_to_date": ["employer_mobility:zelfde_werkgever"],
    "future_insight": ["income_status:werknemer"],
    "longer_participation": ["income_status:werknemer", "hours:voltijd"],
    "healthier": [],
    "lower_absence": ["income_status:overige_uitkering"],
    "productivity": [],
    "research": [],
    "sector_policy": [],
    "retain_staff": ["plan_sector:sector_van_plan", "employer_mobility:zelfde_werkgever"],
}
