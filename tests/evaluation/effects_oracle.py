"""A second, independent route to `matched_did` (formats.md §8) in plain pandas, person by person.

It reads the four CSV files itself, builds the monthly states from the spells with pandas (no
DuckDB, no shared code with the pipeline), forms the cells and recomputes for every group, outcome
and event month the estimate and its person-clustered standard error from each person's total
influence: treated (tau_i - ATT) / N with tau_i = y_i - mean_C of the pair; comparison persons
-sum over their cohorts of n_T / (N n_C) * (y - mean_C); SE = sqrt(G / (G - 1) * sum of squares).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

OUTCOMES = ("werknemer", "ww", "uitkering")
DIMENSIONS = ("total", "category", "target_group", "tranche")


def _month(d: pd.Series) -> pd.Series:
    return d.dt.year * 12 + d.dt.month - 1


def monthly_states(spells: pd.DataFrame, months: np.ndarray) -> pd.DataFrame:
    """1 when some spell is active on the last day of the month, per pseudonym (rows) and month (columns)."""
    start = pd.to_datetime(spells["start_date"])
    end = pd.to_datetime(spells["end_date"].replace("", None))
    out = {}
    for m in months:
        last_day = pd.Timestamp(year=int(m // 12), month=int(m % 12) + 1, day=1) + pd.offsets.MonthEnd(0)
        active = (start <= last_day) & (end.isna() | (end >= last_day))
        out[m] = active.groupby(spells["pseudonym"]).any()
    return pd.DataFrame(out).fillna(False).astype(int)


def matched_did(folder, horizon: int) -> pd.DataFrame:
    read = {"dtype": str, "keep_default_na": False}
    part = pd.read_csv(folder / "deelnemers.csv", **read)
    comp = pd.read_csv(folder / "vergelijkingsgroep.csv", **read)
    jobs = pd.read_csv(folder / "banen.csv", **read)
    ben = pd.read_csv(folder / "uitkeringen.csv", **read)
    part["start"] = pd.to_datetime(part["start_date"])
    part["line"] = np.arange(len(part))
    first = part.sort_values(["start", "line"]).groupby("pseudonym", sort=False).head(1).copy()
    first["cohort"] = first["start"].dt.year * 4 + (first["start"].dt.month - 1) // 3
    first["m0"] = first["start"].dt.year * 12 + ((first["start"].dt.month - 1) // 3) * 3 - 1
    first["birth_year"] = first["birth_year"].astype(int)
    first["total"] = "total"
    comp["birth_year"] = comp["birth_year"].astype(int)
    months = np.arange(first["m0"].min() - 12, first["m0"].max() + horizon + 1)
    persons = pd.Index(pd.concat([first["pseudonym"], comp["pseudonym"]]).unique())
    states = {
        "werknemer": monthly_states(jobs, months),
        "ww": monthly_states(ben[ben["type"] == "WW"], months),
        "uitkering": monthly_states(ben, months),
    }
    states = {o: s.reindex(persons, fill_value=0) for o, s in states.items()}
    ks = np.arange(-12, horizon + 1)

    def cell(pseudonyms, year, birth, m0):
        age = year - birth
        band = np.digitize(age, [27, 35, 45, 55])
        w, ww, u = (states[o].loc[pseudonyms, m0].to_numpy() for o in OUTCOMES)
        status = np.where(w == 1, 0, np.where(ww == 1, 1, np.where(u == 1, 2, 3)))
        worked = states["werknemer"].loc[pseudonyms, list(range(m0 - 12, m0))].sum(axis=1).to_numpy()
        hist = np.where(worked == 0, 0, np.where(worked == 12, 2, 1))
        return band * 12 + status * 3 + hist

    def changes(pseudonyms, m0, outcome):
        s = states[outcome].loc[pseudonyms]
        return s[[m0 + k for k in ks]].to_numpy() - s[[m0]].to_numpy()

    treated_rows, comp_rows = [], []
    for cohort, grp in first.groupby("cohort"):
        m0 = int(grp["m0"].iloc[0])
        t = grp[["pseudonym", *DIMENSIONS[1:], "total"]].copy()
        t["cohort"], t["cell"] = cohort, cell(grp["pseudonym"], cohort // 4, grp["birth_year"].to_numpy(), m0)
        c = pd.DataFrame({"pseudonym": comp["pseudonym"], "cohort": cohort,
                          "cell": cell(comp["pseudonym"], cohort // 4, comp["birth_year"].to_numpy(), m0)})
        for o in OUTCOMES:
            t[[f"{o}:{k}" for k in ks]] = changes(grp["pseudonym"], m0, o)
            c[[f"{o}:{k}" for k in ks]] = changes(comp["pseudonym"], m0, o)
        treated_rows.append(t)
        comp_rows.append(c)
    treated = pd.concat(treated_rows, ignore_index=True)
    comparison = pd.concat(comp_rows, ignore_index=True)
    ycols = [f"{o}:{k}" for o in OUTCOMES for k in ks]
    cmean = comparison.groupby(["cohort", "cell"])[ycols].mean()
    ccount = comparison.groupby(["cohort", "cell"]).size().rename("n_c")
    treated = treated.join(ccount, on=["cohort", "cell"])
    matched = treated[treated["n_c"].notna()].copy()
    tau = matched[ycols].to_numpy() - cmean.loc[list(zip(matched["cohort"], matched["cell"], strict=True))].to_numpy()
    out = []
    for dim in DIMENSIONS:
        for group, rows in matched.groupby(dim):
            n = len(rows)
            tg = tau[matched.index.get_indexer(rows.index)]
            att = tg.mean(axis=0)
            var_t = ((tg - att) ** 2).sum(axis=0) / n**2
            n_t = rows.groupby(["cohort", "cell"]).size().rename("n_t")
            c = comparison.join(n_t, on=["cohort", "cell"], how="inner").join(ccount, on=["cohort", "cell"])
            dev = c[ycols].to_numpy() - cmean.loc[list(zip(c["cohort"], c["cell"], strict=True))].to_numpy()
            contrib = pd.DataFrame(dev * (c["n_t"] / (n * c["n_c"])).to_numpy()[:, None], columns=ycols)
            contrib["pseudonym"] = c["pseudonym"].to_numpy()
            per_person = contrib.groupby("pseudonym")[ycols].sum().to_numpy()
            var_c = (per_person**2).sum(axis=0)
            clusters = n + len(per_person)
            se = np.sqrt(clusters / (clusters - 1) * (var_t + var_c))
            for i, col in enumerate(ycols):
                outcome, k = col.split(":")
                out.append({"dimension": dim, "group": group, "outcome": outcome, "event_month": int(k),
                            "att": att[i], "se": se[i], "n_treated": n, "n_comparison": len(per_person)})
    return pd.DataFrame(out)
