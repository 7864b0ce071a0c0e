"""Net effects (formats.md §8): the independent check, planted effects, the command and its outputs."""

from __future__ import annotations

import csv
import io
import shutil

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sectorplannen.evaluation.effects_service import run_effects
from sectorplannen.evaluation.effects_synth import generate_comparison
from sectorplannen.evaluation.synth import generate_participants

from .effects_oracle import matched_did as oracle_matched_did

FILES = ("effects.csv", "balance.csv", "support.csv", "mde.csv", "effects.html", "effects.xlsx", "disclosure_log.csv")


def population(folder, rows: int, comparison: int, seed: int):
    folder.mkdir(parents=True, exist_ok=True)
    generate_participants(folder / "deelnemers.csv", rows, seed=seed)
    made = generate_comparison(folder / "deelnemers.csv", folder, comparison, seed=seed)
    return made


def run(folder, out, horizon=36, **kw):
    return run_effects(folder / "deelnemers.csv", folder / "vergelijkingsgroep.csv", folder / "banen.csv",
                       folder / "uitkeringen.csv", out, horizon=horizon, **kw)


def read_csv(path):
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("planted")
    made = population(folder, 12_000, 24_000, seed=11)
    result = run(folder, folder / "out")
    return folder, made, result


def test_independent_route_gives_the_same_estimates_and_standard_errors(tmp_path):
    folder = tmp_path / "small"
    population(folder, 600, 900, seed=5)
    result = run(folder, tmp_path / "out", horizon=14)
    est = result.estimates
    want = oracle_matched_did(folder, horizon=14)
    outcomes = ("werknemer", "ww", "uitkering")
    index = {g: i for i, g in enumerate(est.groups)}
    checked = 0
    for row in want.itertuples():
        g = index[(row.dimension, str(row.group))]
        k = int(np.flatnonzero(est.event_months == row.event_month)[0])
        o = outcomes.index(row.outcome)
        assert est.att[g, k, o] == pytest.approx(row.att, abs=1e-9), row
        assert est.se[g, k, o] == pytest.approx(row.se, abs=1e-6), row
        assert est.n_treated[g] == row.n_treated and est.n_comparison[g] == row.n_comparison
        checked += 1
    matched_groups = {est.groups[g] for g in range(len(est.groups)) if est.n_treated[g] > 0}
    assert checked == len(want) == len(matched_groups) * len(est.event_months) * 3
    assert (est.se[:, est.event_months > 0] > 0).any()  # not a trivial population


def test_planted_effects_lie_inside_the_intervals_and_the_naive_comparison_does_not(planted):
    folder, made, result = planted
    rows = {(r.outcome, r.group, r.event_month): r for r in result.effects
            if r.method == "matched_did" and r.dimension == "category" and not r.suppressed}
    inside = total = 0
    biased = []
    for t in made["truth"]:
        r = rows.get((t["outcome"], t["category"], t["event_month"]))
        if r is None or t["event_month"] not in (-6, 6, 12, 24, 36):
            continue
        total += 1
        inside += r.ci_low <= t["true_att"] <= r.ci_high
        if t["event_month"] == 12 and t["outcome"] == "werknemer":
            biased.append(abs(t["naive_difference"] - t["true_att"]) / r.se)
    assert total >= 100
    assert inside / total >= 0.85, (inside, total)  # 95 % intervals; the months of a series move together
    # The naive difference (participants against all comparison persons in the same month) is many
    # standard errors off in most categories; the matched estimate is not.
    assert np.median(biased) > 5


def test_pre_period_estimates_are_zero_within_their_intervals(planted):
    _, _, result = planted
    pre = [r for r in result.effects if r.method == "matched_did" and r.dimension == "total" and r.event_month < 0]
    assert len(pre) == 36
    assert sum(r.ci_low <= 0 <= r.ci_high for r in pre) >= 33
    month0 = [r for r in result.effects if r.method == "matched_did" and r.event_month == 0 and not r.suppressed]
    assert month0 and all(r.att == 0 and r.se == 0 for r in month0)


@pytest.mark.slow
def test_a_planted_null_is_significant_in_about_five_percent_of_seeds(tmp_path):
    significant = tests = 0
    for seed in range(20):
        folder = tmp_path / f"s{seed}"
        population(folder, 3000, 6000, seed=100 + seed)
        result = run(folder, folder / "out", horizon=24, staggered=False)
        for r in result.effects:
            if (r.method == "matched_did" and r.dimension == "category" and r.group in ("career_check", "health")
                    and r.event_month == 24 and not r.suppressed):
                tests += 1
                significant += not (r.ci_low <= 0 <= r.ci_high)
        shutil.rmtree(folder)
    assert tests >= 100
    assert significant / tests <= 0.1, (significant, tests)


def test_every_output_file_with_the_contract_columns(planted):
    folder, _, result = planted
    out = folder / "out"
    assert all((out / f).exists() for f in FILES)
    effects = read_csv(out / "effects.csv")
    assert list(effects[0]) == ["method", "outcome", "dimension", "group", "event_month", "att", "se", "ci_low",
                                "ci_high", "n_treated", "n_comparison", "suppressed"]
    assert {r["method"] for r in effects} >= {"matched_did"}
    assert list(read_csv(out / "balance.csv")[0]) == ["covariate", "level", "share_treated", "share_comparison_raw",
                                                      "share_comparison_matched", "smd_raw", "smd_matched"]
    balance = read_csv(out / "balance.csv")
    assert max(abs(float(r["smd_raw"])) for r in balance if r["smd_raw"]) > 0.1  # selection shows before matching
    assert all(abs(float(r["smd_matched"])) < 1e-9 for r in balance if r["smd_matched"])
    support = {(r["dimension"], r["group"]): r for r in read_csv(out / "support.csv")}
    assert int(support[("total", "total")]["treated"]) == result.estimates.n_total[0]
    mde = read_csv(out / "mde.csv")
    assert {r["event_month"] for r in mde} == {"24"} and all(float(r["mde"]) > 0 for r in mde if r["mde"])
    from openpyxl import load_workbook

    book = load_workbook(out / "effects.xlsx", read_only=True)
    assert {"effecten", "balans", "dekking", "mde"} <= set(book.sheetnames)
    html = (out / "effects.html").read_text(encoding="utf-8")
    assert "Netto-effecten" in html and html.count("<img") >= 3


def test_small_groups_are_suppressed_and_logged(tmp_path):
    folder = tmp_path / "p"
    population(folder, 400, 600, seed=3)
    result = run(folder, tmp_path / "out", horizon=12, staggered=False)
    small = [r for r in result.effects if r.n_treated is None]
    assert small and all(r.att is None and r.se is None and r.suppressed for r in small)
    shown = [r for r in result.effects if not r.suppressed]
    assert all(r.n_treated >= 10 and r.n_comparison >= 10 for r in shown)
    log = read_csv(tmp_path / "out" / "disclosure_log.csv")
    suppressed_groups = {(r.dimension, r.group) for r in small}
    assert suppressed_groups <= {(e["dimension"], e["group"]) for e in log if e["file"] == "effects.csv"}


def command(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("effects", *map(str, args), stdout=out, stderr=err)
        return 0, out.getvalue(), err.getvalue()
    except CommandError as exc:
        return exc.returncode, out.getvalue(), err.getvalue() + str(exc)


def test_a_pseudonym_in_both_files_is_rejected_with_exit_1(tmp_path):
    folder = tmp_path / "p"
    population(folder, 300, 300, seed=4)
    first = read_csv(folder / "deelnemers.csv")[0]["pseudonym"]
    with open(folder / "vergelijkingsgroep.csv", "a", encoding="utf-8") as fh:
        fh.write(f"{first},1980\nnot-a-pseudonym,1980\n")
    code, out, err = command("--participants", folder / "deelnemers.csv", "--comparison",
                             folder / "vergelijkingsgroep.csv", "--jobs", folder / "banen.csv", "--benefits",
                             folder / "uitkeringen.csv", "--out", tmp_path / "out", "--horizon", "12", "--no-staggered")
    assert code == 1
    rejected = read_csv(tmp_path / "out" / "rejected_rows.csv")
    assert {r["code"] for r in rejected} == {"also_participant", "pseudonym_invalid"}
    assert first not in (tmp_path / "out" / "rejected_rows.csv").read_text() and first not in err


def test_unusable_input_exits_2_without_a_traceback(tmp_path):
    folder = tmp_path / "p"
    population(folder, 200, 200, seed=6)
    rows = read_csv(folder / "deelnemers.csv")
    with open(tmp_path / "old.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, [c for c in rows[0] if c != "birth_year"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    base = ["--comparison", folder / "vergelijkingsgroep.csv", "--jobs", folder / "banen.csv",
            "--benefits", folder / "uitkeringen.csv", "--out", tmp_path / "out"]
    code, _, err = command("--participants", tmp_path / "old.csv", *base)
    assert code == 2 and "birth_year" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()
    code, _, err = command("--participants", folder / "deelnemers.csv", *base[:-2], "--out", tmp_path / "o2",
                           "--horizon", "0")
    assert code == 2 and "horizon" in err
    code, _, err = command("--participants", folder / "ontbreekt.csv", *base)
    assert code == 2


def test_evaluate_reads_the_participant_file_with_and_without_birth_year(tmp_path):
    folder = tmp_path / "p"
    population(folder, 300, 100, seed=8)
    rows = read_csv(folder / "deelnemers.csv")
    with open(tmp_path / "old.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, [c for c in rows[0] if c != "birth_year"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    outputs = []
    for participants, name in ((folder / "deelnemers.csv", "new"), (tmp_path / "old.csv", "old")):
        call_command("evaluate", "--participants", str(participants), "--jobs", str(folder / "banen.csv"),
                     "--benefits", str(folder / "uitkeringen.csv"), "--date", "2018-05-31",
                     "--out", str(tmp_path / name), stdout=io.StringIO())
        outputs.append((tmp_path / name / "income_status.csv").read_text())
    assert outputs[0] == outputs[1]
