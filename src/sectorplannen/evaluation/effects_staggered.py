"""The second estimator (`method = staggered_did`): Callaway–Sant'Anna with not-yet-treated participants.

Only participants take part: a participant who starts later is, until then, the control of one who
started earlier. That answers the same question without resting on the comparison sample (and its
quality), but under another assumption: that the timing of the start is as good as random among
participants with the same covariates (parallel trends between earlier and later starters).

The estimate comes from the `diff-diff` library (pinned: it is young), doubly robust
(`estimation_method="dr"`, outcome regression plus propensity score on the age at the cohort),
`base_period="universal"`, on a quarterly panel: the state at the end of each quarter, cohorts the
quarter of the first start. Event quarter e is written as event month k = 3 (e + 1): e = -1 is the
quarter that ends in m_0 (the reference, 0 by construction), e = 0 ends in m_3, and so on, so these
rows exist for every third event month. Standard errors are the library's per-person influence
function errors (persons are the units). For speed, a group with more than `max_persons` treated
persons is estimated on a random sample of that many (said on stdout when it happens).

`n_treated` is the number of persons in the cohorts that contribute at that event time, and
`n_comparison` the number of not-yet-treated persons that can serve as controls at that event time
(started after the earliest contributing cohort's quarter e).
"""

from __future__ import annotations

import warnings

import numpy as np

from .definitions import DISCLOSURE_THRESHOLD
from .effects_estimate import Z95
from .effects_panel import OUTCOMES, PRE_MONTHS, Panel

METHOD = "staggered_did"
DIMENSIONS = ("total", "category")
MAX_PERSONS = 40_000  # per group: above that a random sample (the library fits per cohort and period)


def _quarterly(panel: Panel, rows: np.ndarray):
    """Quarter numbers and the state at the end of each quarter of the window, for treated rows."""
    months = panel.first_month + np.arange(panel.states.shape[1])
    ends = np.flatnonzero(months % 3 == 2)
    return months[ends] // 3, panel.states[rows][:, ends]


def _fit(frame, outcome: str):
    from diff_diff import CallawaySantAnna

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = CallawaySantAnna(control_group="not_yet_treated", estimation_method="dr", base_period="universal")
        return model.fit(frame, outcome=outcome, unit="unit", time="time", first_treat="first_treat",
                         covariates=["age"], aggregate="event_study")


def staggered_rows(panel: Panel, threshold: int = DISCLOSURE_THRESHOLD, max_persons: int = MAX_PERSONS,
                   seed: int = 0):
    """EffectRows of `staggered_did` for the total and per category, and the suppression log."""
    import pandas as pd

    from .effects_service import EffectRow, LogEntry

    rng = np.random.default_rng(seed)
    rows_out, log, sampled = [], [], []
    for dim in DIMENSIONS:
        labels = panel.groups[dim].astype(str)
        for group in sorted(set(labels)):
            members = np.flatnonzero(labels == group)
            if len(members) > max_persons:
                members = np.sort(rng.choice(members, max_persons, replace=False))
                sampled.append(group)
            quarters, states = _quarterly(panel, members)
            cohort = panel.treated_cohort[members]
            t = len(quarters)
            frame = pd.DataFrame({
                "unit": np.repeat(np.arange(len(members)), t), "time": np.tile(quarters, len(members)),
                "first_treat": np.repeat(cohort, t),
                "age": np.repeat(cohort // 4 - panel.birth_year[members], t).astype(float),
            })
            sizes = pd.Series(cohort).value_counts()
            for o, outcome in enumerate(OUTCOMES):
                frame[outcome] = ((states >> o) & 1).reshape(-1).astype(float)
                try:
                    result = _fit(frame, outcome) if sizes.size > 1 else None
                except (ValueError, np.linalg.LinAlgError):  # too few cohorts or persons to fit
                    result = None
                rows_out += _rows(result, dim, group, outcome, panel.horizon, sizes, threshold, EffectRow, log,
                                  LogEntry)
    note = (f"staggered_did: geschat op een steekproef van {max_persons} deelnemers voor " + ", ".join(sampled)
            if sampled else "")
    return rows_out, log, note


def _rows(result, dim, group, outcome, horizon, sizes, threshold, EffectRow, log, LogEntry):  # noqa: N803
    out = []
    effects = result.event_study_effects if result is not None else {}
    gt = result.group_time_effects if result is not None else {}
    first_treat = np.array(sizes.index)
    for e in range(-PRE_MONTHS // 3 - 1, horizon // 3):
        k = 3 * (e + 1)
        if k < -PRE_MONTHS or k > horizon:
            continue
        cell = effects.get(e)
        groups = [g for (g, t), v in gt.items() if t - g == e and v.get("skip_reason") is None]
        n_t = int(sum(sizes.get(g, 0) for g in groups))
        n_c = int(sizes[first_treat > min(groups) + e].sum()) if groups else 0
        if e == -1 and cell is not None:  # the reference quarter: 0 by construction
            n_t, n_c = int(sizes.sum()), int(sizes.sum())
        usable = cell is not None and np.isfinite(cell["effect"]) and (e == -1 or np.isfinite(cell["se"]))
        if not usable or n_t < threshold or n_c < threshold:
            out.append(EffectRow(METHOD, outcome, dim, group, k, None, None, None, None, None, None, True))
            log.append(LogEntry("effects.csv", METHOD, outcome, dim, group, str(k),
                                "few_treated" if n_t < threshold else "few_comparison" if n_c < threshold
                                else "not_estimable"))
            continue
        att = float(cell["effect"])
        se = 0.0 if e == -1 else float(cell["se"])
        out.append(EffectRow(METHOD, outcome, dim, group, k, att, se, att - Z95 * se, att + Z95 * se, n_t, n_c,
                             False))
    return out
