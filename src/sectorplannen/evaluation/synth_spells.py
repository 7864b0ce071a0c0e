"""The designed job and benefit spells of the synthetic register and their known truth (see synth.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np

from .extract import PARTICIPANTS, read_text_table
from .synth_base import CONTRACT_CODES, OPEN, _day

# ------------------------------------------------------------------------------------------------
# Employment and benefits


@dataclass
class _Spells:
    """Job spells of one kind, one row per person (`valid` says which persons have one)."""

    valid: np.ndarray
    start: np.ndarray
    end: np.ndarray
    employer: np.ndarray
    sector: np.ndarray
    contract: np.ndarray
    hours: np.ndarray

    @classmethod
    def empty(cls, n: int) -> _Spells:
        return cls(np.zeros(n, bool), np.zeros(n, np.int64), np.full(n, OPEN, np.int64),
                   np.zeros(n, np.int64), np.zeros(n, np.int64), np.zeros(n, np.int64), np.zeros(n, float))

    def active(self, person: np.ndarray, day: np.ndarray) -> np.ndarray:
        return self.valid[person] & (self.start[person] <= day) & (self.end[person] >= day)


@dataclass
class SynthEmployment:
    """What `generate_employment` wrote, and the design it wrote from."""

    persons: int
    jobs: int
    benefits: int
    banen: Path
    uitkeringen: Path
    pseudonyms: np.ndarray
    sectors: list[str]
    chain: list[_Spells]
    side: _Spells
    tie: _Spells
    history: list[_Spells]
    benefit_spells: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]  # valid, start, end, type

    def truth(self, pseudonyms: Sequence[str], dates: Sequence[dt.date]) -> list[dict]:
        """The designed truth for each (pseudonym, date) pair: main job and active benefits.

        By construction the main job is the job of the person's career chain that is active (the
        chain's jobs never overlap; side jobs have fewer hours; a tie job has the same hours but
        starts later or has a larger employer id), else an active side job, else an active older job.
        """
        index = {p: i for i, p in enumerate(self.pseudonyms)}
        person = np.array([index[p] for p in pseudonyms], dtype=np.int64)
        day = np.array([_day(d) for d in dates], dtype=np.int64)
        n = len(person)
        chosen = np.full(n, -1)
        employer = np.zeros(n, np.int64)
        sector = np.zeros(n, np.int64)
        contract = np.zeros(n, np.int64)
        hours = np.zeros(n, float)
        # Lowest precedence first; later kinds overwrite.
        for k, spells in enumerate([*self.history, self.side, *self.chain]):
            act = spells.active(person, day)
            chosen[act] = k
            employer[act] = spells.employer[person[act]]
            sector[act] = spells.sector[person[act]]
            contract[act] = spells.contract[person[act]]
            hours[act] = spells.hours[person[act]]
        ww = np.zeros(n, bool)
        other = np.zeros(n, bool)
        for valid, start, end, kind in self.benefit_spells:
            act = valid[person] & (start[person] <= day) & (end[person] >= day)
            ww |= act & (kind[person] == 0)
            other |= act & (kind[person] != 0)
        out = []
        for i in range(n):
            employed = chosen[i] >= 0
            out.append({
                "employed": bool(employed),
                "employer": _employer_id(employer[i]) if employed else None,
                "sector": self.sectors[sector[i]] if employed else None,
                "contract": CONTRACT_CODES[contract[i]] if employed else None,
                "hours": float(hours[i]) if employed else None,
                "ww": bool(ww[i]),
                "other_benefit": bool(other[i]),
            })
        return out


def _employer_id(number: int) -> str:
    return f"W{int(number):07d}"


def _participant_profiles(path: Path | str) -> dict[str, np.ndarray]:
    """Per person: the earliest registration (category, target group, plan sectors, start)."""
    raw, _, _ = read_text_table(path, PARTICIPANTS)
    con = duckdb.connect()
    con.register("raw", raw)
    rows = con.sql(r"""
        WITH r AS (
            SELECT lower(trim(pseudonym)) AS pseudonym, trim(category) AS category,
                   trim(target_group) AS target_group, trim(plan_sectors) AS plan_sectors, _row,
                   CASE WHEN regexp_full_match(trim(start_date), '\d{2}-\d{2}-\d{4}')
                        THEN CAST(try_strptime(trim(start_date), '%d-%m-%Y') AS DATE)
                        ELSE try_cast(trim(start_date) AS DATE) END AS start_date
            FROM raw
        )
        SELECT pseudonym, category, target_group, plan_sectors,
               CAST(start_date - DATE '1970-01-01' AS BIGINT) AS start_day
        FROM r WHERE start_date IS NOT NULL AND regexp_full_match(pseudonym, '[0-9a-f]{64}')
        QUALIFY row_number() OVER (PARTITION BY pseudonym ORDER BY start_date, _row) = 1
        ORDER BY pseudonym
    """).to_arrow_table()
    con.close()
    return {name: rows.column(name).to_numpy(zero_copy_only=False) for name in
            ("pseudonym", "category", "target_group", "plan_sectors", "start_day")}
