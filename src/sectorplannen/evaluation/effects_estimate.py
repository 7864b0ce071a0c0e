"""Matching cells and the `matched_did` estimate of formats.md §8, with person-clustered errors.

For a group of treated persons (all, one category, ...), event month k and outcome Y, with
y = Y(m_k) - Y(m_0) per person and pair j = (cohort, cell):

    ATT(k) = sum_j n_T,j * (mean_T,j(y) - mean_C,j(y)) / sum_j n_T,j      over pairs with both

The estimate is the mean over the matched treated of their own effect tau_i = y_i - mean_C,j(i),
so a matched treated person i has influence (tau_i - ATT) / N (their cell composition counts as
sampled, not fixed: a pair with one treated person still adds variance), and a comparison person p
-sum over the cohorts q they serve in of n_T,(q,c_pq) / (N * n_C,(q,c_pq)) * (y_pq - mean_C,(q,c_pq)).
The variance with persons as clusters is G/(G-1) * sum over persons of (their total influence)^2,
G the number of persons in the estimate (the tests recompute it by a second route in pandas, person
by person). The comparison part needs, per person, the sum over cohorts: done as one batched
contraction per chunk of persons and group (weights [person, cohort] with deviations [person, cohort, month]).

Everything here is vectorised numpy over the dense panel of `effects_panel`; nothing loops over
persons in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .effects_panel import EFFECT_DIMENSIONS, OUTCOMES, PRE_MONTHS, Panel

AGE_BANDS = ("t/m 26", "27-34", "35-44", "45-54", "55+")
AGE_EDGES = (27, 35, 45, 55)  # the cohort's year - birth year: below 27 is the first band, ...
STATUSES = ("werknemer", "ww", "overige_uitkering", "geen")
HISTORY = ("0", "1-11", "12")  # months with an active job among m_-12 .. m_-1
CELLS = len(AGE_BANDS) * len(STATUSES) * len(HISTORY)
COVARIATES = (("leeftijdsklasse", AGE_BANDS), ("status_m0", STATUSES), ("maanden_werk_m-12_m-1", HISTORY))
Z95 = 1.959963984540054
Z80 = 0.8416212335729143


def cohort_year(cohort: np.ndarray | int) -> np.ndarray | int:
    return cohort // 4


def cells_at(states: np.ndarray, birth_year: np.ndarray, cohort: int, m0_col: int) -> np.ndarray:
    """The matching cell (0 .. CELLS-1) of every row of `states` at one cohort."""
    age = cohort_year(cohort) - birth_year
    band = np.searchsorted(np.array(AGE_EDGES), age, side="right")
    now = states[:, m0_col]
    status = np.where(now & 1, 0, np.where(now & 2, 1, np.where(now & 4, 2, 3)))
    worked = (states[:, m0_col - PRE_MONTHS:m0_col] & 1).sum(axis=1)
    history = np.where(worked == 0, 0, np.where(worked == PRE_MONTHS, 2, 1))
    return ((band * len(STATUSES) + status) * len(HISTORY) + history).astype(np.int16)


def changes(states: np.ndarray, m0_col: int, months: np.ndarray) -> np.ndarray:
    """y = Y(m_k) - Y(m_0) for every row at one m_0, per event month and outcome: int8 [rows, months, outcomes].

    The event months are consecutive, so this is a slice of the panel (no gather)."""
    block = states[:, m0_col + int(months[0]):m0_col + int(months[-1]) + 1]
    base = states[:, m0_col]
    bits = np.arange(len(OUTCOMES), dtype=np.uint8)
    return ((block[:, :, None] >> bits) & 1).astype(np.int8) - ((base[:, None, None] >> bits) & 1).astype(np.int8)


@dataclass
class Groups:
    """Every (dimension, group) of the treated persons, as an index per treated person and dimension."""

    labels: list[tuple[str, str]]  # group index -> (dimension, group)
    index: np.ndarray  # int [dimensions, n_treated]: group index per dimension

    @classmethod
    def of(cls, panel: Panel) -> Groups:
        labels: list[tuple[str, str]] = []
        index = np.zeros((len(EFFECT_DIMENSIONS), panel.n_treated), dtype=np.int64)
        for d, dim in enumerate(EFFECT_DIMENSIONS):
            values, inverse = np.unique(panel.groups[dim].astype(str), return_inverse=True)
            index[d] = inverse + len(labels)
            labels.extend((dim, str(v)) for v in values)
        return cls(labels, index)


@dataclass
class Estimates:
    """The unprotected estimates (input of disclosure control; never written as they are)."""

    event_months: np.ndarray  # [K]
    groups: list[tuple[str, str]]  # [G] (dimension, group)
    att: np.ndarray  # [G, K, O]
    se: np.ndarray  # [G, K, O]
    n_treated: np.ndarray  # [G] matched treated persons
    n_comparison: np.ndarray  # [G] distinct comparison persons in the estimate
    n_total: np.ndarray  # [G] treated persons in the group
    balance: list[dict] = field(default_factory=list)  # per covariate and level, with counts
    cohorts: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))


def estimate(panel: Panel, chunk_persons: int = 10_000) -> Estimates:
    """`matched_did` for every group, event month -12 .. horizon and outcome."""
    months = np.arange(-PRE_MONTHS, panel.horizon + 1)
    groups = Groups.of(panel)
    n_groups, n_k, n_o = len(groups.labels), len(months), len(OUTCOMES)
    cohorts = np.unique(panel.treated_cohort)
    n_q = len(cohorts)
    nt = panel.n_treated
    treated_states = panel.states[:nt]
    comparison_states = panel.states[nt:]
    comparison_birth = panel.birth_year[nt:]
    # Treated: own cohort's cell and changes.
    q_of = np.searchsorted(cohorts, panel.treated_cohort)
    m0_cols = panel.column(panel.treated_m0).astype(np.int64)
    cell_t = np.zeros(nt, dtype=np.int64)
    y_t = np.zeros((nt, n_k * n_o))
    for qi, cohort in enumerate(cohorts):
        m = q_of == qi
        cell_t[m] = cells_at(treated_states[m], panel.birth_year[:nt][m], int(cohort), int(m0_cols[m][0]))
        y_t[m] = changes(treated_states[m], int(m0_cols[m][0]), months).reshape(-1, n_k * n_o)
    pair_t = q_of * CELLS + cell_t
    # Comparison persons: their cell at every cohort, and per (cohort, cell) count and mean change.
    cm0 = np.array([panel.column(int(m)) for m in _m0_of_cohorts(cohorts)], dtype=np.int64)
    cell_c = np.stack([cells_at(comparison_states, comparison_birth, int(c), int(cm0[i]))
                       for i, c in enumerate(cohorts)], axis=1) if n_q else np.zeros((0, 0), np.int16)
    n_c = np.zeros((n_q, CELLS))
    mean_c = np.zeros((n_q, CELLS, n_k * n_o))
    sum_c = np.zeros((n_q, CELLS, n_k * n_o))
    for qi in range(n_q):
        n_c[qi] = np.bincount(cell_c[:, qi], minlength=CELLS)
        sum_c[qi] = _cell_sums(comparison_states, cell_c[:, qi], int(cm0[qi]), months)
    mean_c = sum_c / np.maximum(n_c, 1)[:, :, None]
    matched_t = n_c.reshape(-1)[pair_t] > 0
    # Per group: treated counts and sums per pair; each matched treated person's own effect
    # tau_i = y_i - mean_C of their pair, whose squares give the treated part of the variance.
    n_pairs = n_q * CELLS
    n_t = np.zeros((n_groups, n_pairs))
    sum_t = np.zeros((n_groups, n_pairs, n_k * n_o))
    sq_tau = np.zeros((n_groups, n_k * n_o))
    tau = y_t[matched_t] - mean_c.reshape(n_pairs, n_k * n_o)[pair_t[matched_t]]
    for d in range(len(EFFECT_DIMENSIONS)):
        key = groups.index[d][matched_t] * n_pairs + pair_t[matched_t]
        n_t.reshape(-1)[:] += np.bincount(key, minlength=n_groups * n_pairs)
        sum_t.reshape(-1, n_k * n_o)[:] += _bincount_rows(key, y_t[matched_t], n_groups * n_pairs)
        sq_tau += _bincount_rows(groups.index[d][matched_t], tau * tau, n_groups)
    n_matched = n_t.sum(axis=1)
    total = np.zeros(n_groups)
    for d in range(len(EFFECT_DIMENSIONS)):
        total += np.bincount(groups.index[d], minlength=n_groups)
    safe_n = np.where(n_matched > 0, n_matched, 1.0)
    mean_c_flat = mean_c.reshape(n_pairs, n_k * n_o)
    att = (sum_t.sum(axis=1) - np.einsum("gj,jk->gk", n_t, mean_c_flat)) / safe_n[:, None]
    # Treated part: sum over the group's matched treated of ((tau_i - ATT) / N)^2.
    var_t = (sq_tau - n_matched[:, None] * att ** 2) / safe_n[:, None] ** 2
    # Comparison part: weights A[g, q, c] = n_T / (N * n_C), summed over cohorts per person.
    with np.errstate(invalid="ignore", divide="ignore"):
        weight = np.where(n_c.reshape(-1) > 0, n_t / np.where(n_c.reshape(-1) > 0, n_c.reshape(-1), 1), 0.0)
    weight = (weight / safe_n[:, None]).reshape(n_groups, n_q, CELLS).astype(np.float64)
    var_c = np.zeros((n_groups, n_k * n_o))
    n_comp = np.zeros(n_groups)
    for a in range(0, comparison_states.shape[0], chunk_persons):
        b = min(a + chunk_persons, comparison_states.shape[0])
        cells = cell_c[a:b].astype(np.int64)  # [p, q]
        w = weight[:, np.arange(n_q)[None, :], cells]  # [g, p, q]
        n_comp += (w > 0).any(axis=2).sum(axis=1)
        dev = np.empty((b - a, n_q, n_k * n_o))
        bits = (comparison_states[a:b, :, None] >> np.arange(n_o, dtype=np.uint8)) & 1  # unpacked once per chunk
        for qi in range(n_q):
            c0 = int(cm0[qi])
            y = bits[:, c0 + int(months[0]):c0 + int(months[-1]) + 1].astype(np.float64) - bits[:, c0:c0 + 1]
            dev[:, qi] = y.reshape(b - a, -1) - mean_c[qi, cells[:, qi]]
        for g in range(n_groups):  # per group: influence [p, k*o] = weights [p, q] . deviations [p, q, k*o]
            influence = np.einsum("pq,pqk->pk", w[g], dev)
            var_c[g] += np.einsum("pk,pk->k", influence, influence)
    clusters = n_matched + n_comp
    factor = np.where(clusters > 1, clusters / np.maximum(clusters - 1, 1), 0.0)
    se = np.sqrt(np.maximum(factor[:, None] * (var_t + var_c), 0.0))
    result = Estimates(
        event_months=months, groups=groups.labels,
        att=att.reshape(n_groups, n_k, n_o), se=se.reshape(n_groups, n_k, n_o),
        n_treated=n_matched.astype(np.int64), n_comparison=n_comp.astype(np.int64), n_total=total.astype(np.int64),
        cohorts=cohorts,
    )
    result.balance = _balance(cell_t, q_of, matched_t, cell_c, n_q)
    return result


def _cell_sums(states: np.ndarray, cells: np.ndarray, m0_col: int, months: np.ndarray) -> np.ndarray:
    """Sum over the rows of each cell of y = Y(m_k) - Y(m_0): [CELLS, months * outcomes].

    Counted, not summed: one bincount of (event month, cell, state byte) over the panel's slice, then
    the bits of each state byte; exact integers, and no [rows, months, outcomes] array."""
    block = states[:, m0_col + int(months[0]):m0_col + int(months[-1]) + 1]
    key = (np.arange(len(months), dtype=np.int64)[None, :] * CELLS + cells[:, None]) * 256 + block
    counts = np.bincount(key.reshape(-1), minlength=len(months) * CELLS * 256).reshape(len(months), CELLS, 256)
    bits = ((np.arange(256)[:, None] >> np.arange(len(OUTCOMES))) & 1).astype(np.float64)  # [256, outcomes]
    at_k = (counts @ bits).transpose(1, 0, 2)  # [cells, months, outcomes]
    base = np.bincount(cells.astype(np.int64) * 256 + states[:, m0_col], minlength=CELLS * 256).reshape(CELLS, 256)
    return (at_k - (base @ bits)[:, None, :]).reshape(CELLS, -1)


def _m0_of_cohorts(cohorts: np.ndarray) -> list[int]:
    """Month number of m_0 (the last month before the quarter) per cohort number."""
    return [int(c // 4) * 12 + int(c % 4) * 3 - 1 for c in cohorts]


def _bincount_rows(key: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Column-wise bincount: out[key[i]] += values[i]."""
    out = np.zeros((size, values.shape[1]))
    if len(key):
        order = np.argsort(key, kind="stable")
        keys, starts = np.unique(key[order], return_index=True)
        out[keys] = np.add.reduceat(values[order], starts, axis=0)
    return out


def decompose(cell: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cell code -> (age band, status, history) indexes."""
    history = cell % len(HISTORY)
    status = (cell // len(HISTORY)) % len(STATUSES)
    band = cell // (len(HISTORY) * len(STATUSES))
    return band, status, history


def _balance(cell_t, q_of, matched_t, cell_c, n_q) -> list[dict]:
    """Shares per covariate level: matched treated; comparison at every treated cohort weighted by the
    cohort's treated; comparison weighted as in the estimate (per pair by its matched treated)."""
    n_t_all = np.bincount(q_of, minlength=n_q).astype(float)
    parts_t = decompose(cell_t[matched_t])
    parts_c = decompose(cell_c.astype(np.int64)) if n_q else (np.zeros((0, 0), int),) * 3
    cells_matched = cell_t[matched_t]
    out = []
    for (name, levels), part_t, part_c in zip(COVARIATES, parts_t, parts_c, strict=True):
        n_level_t = np.bincount(part_t, minlength=len(levels))
        for li, level in enumerate(levels):
            share_t = n_level_t[li] / max(len(part_t), 1)
            share_q = np.array([(part_c[:, qi] == li).mean() if part_c.shape[0] else 0.0 for qi in range(n_q)])
            raw = float((share_q * n_t_all).sum() / max(n_t_all.sum(), 1))
            # Matched: every comparison person of a pair has the pair's cell, so the pair's share is 0 or 1.
            pair_level = decompose(cells_matched)[[n for n, _ in COVARIATES].index(name)] == li
            matched = float(pair_level.mean()) if len(pair_level) else 0.0
            out.append({
                "covariate": name, "level": level, "share_treated": share_t, "share_comparison_raw": raw,
                "share_comparison_matched": matched, "smd_raw": _smd(share_t, raw),
                "smd_matched": _smd(share_t, matched),
                "n_treated": int(n_level_t[li]),
                "n_comparison": int(sum((part_c[:, qi] == li).sum() for qi in range(n_q))) if part_c.shape[0] else 0,
            })
    return out


def _smd(p1: float, p2: float) -> float:
    pooled = np.sqrt((p1 * (1 - p1) + p2 * (1 - p2)) / 2)
    return float((p1 - p2) / pooled) if pooled > 0 else 0.0


def mde(se: float) -> float:
    """Minimum detectable effect at 80 % power, 5 % two-sided."""
    return (Z95 + Z80) * se
