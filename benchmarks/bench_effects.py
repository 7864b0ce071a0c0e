"""Benchmark of `sectorplannen effects` (formats.md §8) at several sizes, and the straightforward route.

    .venv/bin/python benchmarks/bench_effects.py --scale 0.1 --scale 1 --scale 3 --workdir DIR
    .venv/bin/python benchmarks/bench_effects.py --scale 0.1 --straightforward

Scale 1 is 300,000 participants (persons) and 1,000,000 comparison persons with their jobs and
benefits (`generate_participants` + `generate_comparison`), horizon 36. The whole command runs as a
child process under `/usr/bin/time -v` (wall time with Python and Django start-up, peak resident
memory). `--straightforward` also runs the straightforward route on the same files: a person-month
panel in pandas (every spell expanded to its months), then per cohort a groupby per matching cell,
for the point estimate of `werknemer`, total group, only (no standard errors, no other outcome or
group, no checks): a lower bound of what that route costs for the full job.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PERSONS_PER_ROW = 0.9326  # generate_participants: persons per registration row


def generate(folder: Path, scale: float) -> dict:
    from sectorplannen.evaluation.effects_synth import generate_comparison
    from sectorplannen.evaluation.synth import generate_participants

    folder.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    generate_participants(folder / "deelnemers.csv", int(300_000 * scale / PERSONS_PER_ROW), seed=1)
    made = generate_comparison(folder / "deelnemers.csv", folder, int(1_000_000 * scale), seed=1)
    return {"participants": made["participants"], "comparison": made["comparison"], "jobs": made["jobs"],
            "benefits": made["benefits"], "generate_s": round(time.perf_counter() - start, 1)}


def run_command(folder: Path) -> dict:
    cmd = ["/usr/bin/time", "-v", str(ROOT / ".venv/bin/sectorplannen"), "effects",
           "--participants", folder / "deelnemers.csv", "--comparison", folder / "vergelijkingsgroep.csv",
           "--jobs", folder / "banen.csv", "--benefits", folder / "uitkeringen.csv", "--out", folder / "out"]
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", proc.stderr).group(1)
    parts = [float(p) for p in wall.split(":")]
    seconds = parts[-1] + 60 * parts[-2] + (3600 * parts[-3] if len(parts) == 3 else 0)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1))
    return {"exit": proc.returncode, "effects_s": round(seconds, 1), "peak_gib": round(rss / 2**20, 2),
            "outputs": sorted(p.name for p in (folder / "out").iterdir())}


def straightforward(folder: Path, horizon: int = 36) -> dict:
    """Person-month panel in pandas, groupby per cohort and cell: ATT(k) of werknemer, total group."""
    import numpy as np
    import pandas as pd

    start = time.perf_counter()
    part = pd.read_csv(folder / "deelnemers.csv", dtype=str, keep_default_na=False)
    comp = pd.read_csv(folder / "vergelijkingsgroep.csv", dtype={"pseudonym": str, "birth_year": int})
    jobs = pd.read_csv(folder / "banen.csv", dtype=str, keep_default_na=False)
    benefits = pd.read_csv(folder / "uitkeringen.csv", dtype=str, keep_default_na=False)
    part["start"] = pd.to_datetime(part["start_date"])
    first = part.sort_values("start", kind="stable").drop_duplicates("pseudonym").copy()
    first["cohort"] = first["start"].dt.year * 4 + (first["start"].dt.month - 1) // 3
    first["m0"] = first["start"].dt.year * 12 + ((first["start"].dt.month - 1) // 3) * 3 - 1
    lo, hi = int(first["m0"].min()) - 12, int(first["m0"].max()) + horizon

    def person_months(spells: pd.DataFrame) -> pd.DataFrame:
        s, e = pd.to_datetime(spells["start_date"]), pd.to_datetime(spells["end_date"].replace("", None))
        first_m = (s.dt.year * 12 + s.dt.month - 1).clip(lower=lo).astype(int)
        last_m = np.where(e.isna(), 10**6, np.where(e.dt.is_month_end, e.dt.year * 12 + e.dt.month - 1,
                                                    e.dt.year * 12 + e.dt.month - 2))
        spells = spells.assign(a=first_m, b=np.minimum(last_m, hi).astype(int))
        spells = spells[spells["b"] >= spells["a"]]
        spells = spells.assign(month=[range(a, b + 1) for a, b in zip(spells["a"], spells["b"], strict=True)])
        panel = spells[["pseudonym", "month"]].explode("month").drop_duplicates()
        return panel.assign(y=1).pivot_table(index="pseudonym", columns="month", values="y", fill_value=0)

    people = pd.concat([first[["pseudonym", "birth_year"]].astype({"birth_year": int}), comp])
    wide, ww, any_benefit = (person_months(x).reindex(people["pseudonym"], fill_value=0)
                             .reindex(columns=range(lo, hi + 1), fill_value=0)
                             for x in (jobs, benefits[benefits["type"] == "WW"], benefits))
    birth = people.set_index("pseudonym")["birth_year"]
    treated = set(first["pseudonym"])
    att = {}
    for cohort, grp in first.groupby("cohort"):
        m0 = int(grp["m0"].iloc[0])
        worked = wide[list(range(m0 - 12, m0))].sum(axis=1)
        frame = pd.DataFrame({"band": np.digitize(cohort // 4 - birth, [27, 35, 45, 55]),
                              "status": np.where(wide[m0] == 1, 0, np.where(ww[m0] == 1, 1,
                                                                             np.where(any_benefit[m0] == 1, 2, 3))),
                              "hist": worked.map(lambda h: 0 if h == 0 else 2 if h == 12 else 1).to_numpy()},
                             index=wide.index)
        frame["treated"] = frame.index.isin(treated) & frame.index.isin(grp["pseudonym"])
        frame["comparison"] = ~frame.index.isin(treated)
        for k in range(-12, horizon + 1):
            frame["dy"] = wide[m0 + k].to_numpy() - wide[m0].to_numpy()
            means = frame[frame["comparison"]].groupby(["band", "status", "hist"])["dy"].mean()
            t = frame[frame["treated"]].join(means.rename("mc"), on=["band", "status", "hist"])
            t = t[t["mc"].notna()]
            prev = att.get(k, (0.0, 0))
            att[k] = (prev[0] + (t["dy"] - t["mc"]).sum(), prev[1] + len(t))
    return {"straightforward_s": round(time.perf_counter() - start, 1),
            "att_werknemer_24": round(att[24][0] / att[24][1], 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, action="append", default=None)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "bench-effects")
    parser.add_argument("--straightforward", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sectorplannen.conf.base")
    django.setup()
    for scale in args.scale or [0.1, 1.0]:
        folder = args.workdir / f"x{scale:g}"
        row = {"scale": scale, **(generate(folder, scale) if not (folder / "banen.csv").exists() else {})}
        row.update(run_command(folder))
        if args.straightforward:
            row.update(straightforward(folder))
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
