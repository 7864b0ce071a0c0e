"""The input checks of formats.md §4, §5 and §8 once, as Ibis expressions (ADR 023).

They run where the register is read (DuckDB or Spark, `engine.Engine`) on the staged text columns
(`extract_stage`: every column a string, plus `_row`). `checked` types every column and gives each
rule a rejection code or NULL per row; everything the caller collects is small: counts per code,
the rejection records, the duplicate rows. The valid rows stay on the engine as the tables the
pipeline reads.

Only constructs that both backends translate the same way are used: a text is cast only after a
pattern has said that it has the shape of the type (so that neither backend's lenient casts, such
as `1.5d` as a number in Spark, make a difference), and every trim is Ibis's `strip` (white space
on both).
"""

from __future__ import annotations

import ibis

from .definitions import BENEFIT_TYPES, CONTRACTS

PSEUDONYM = "^[0-9a-f]{64}$"
ISO_DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
DUTCH_DATE = "^[0-9]{2}-[0-9]{2}-[0-9]{4}$"
INTEGER = "^[+-]?[0-9]{1,9}$"
NUMBER = "^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]{1,3})?$"
FIRST_DAY, LAST_DAY = ibis.date(1900, 1, 1), ibis.date(2100, 12, 31)

#: Free-text columns per file (trimmed; the pseudonym also lower-cased).
TEXT = {
    "participants": ("pseudonym", "plan", "tranche", "plan_kind", "plan_sectors", "category", "measure",
                     "measure_type", "target_group"),
    "jobs": ("pseudonym", "employer", "sector"),
    "benefits": ("pseudonym",),
    "comparison": ("pseudonym",),
}
#: The columns that make two rows "the same row" (after normalisation).
IDENTITY = {
    "participants": ("pseudonym", "plan", "tranche", "plan_kind", "plan_sectors", "category", "measure",
                     "measure_type", "target_group", "start_date", "end_date"),
    "jobs": ("pseudonym", "employer", "sector", "start_date", "end_date", "contract", "hours"),
    "benefits": ("pseudonym", "type", "start_date", "end_date"),
}
#: The typed columns the pipeline reads.
OUTPUT = {
    "participants": ("_row", "pseudonym", "plan", "tranche", "plan_kind", "plan_sectors", "category", "measure",
                     "measure_type", "target_group", "start_date", "end_date", "birth_year"),
    "jobs": ("_row", "pseudonym", "employer", "sector", "start_date", "end_date", "contract", "hours"),
    "benefits": ("_row", "pseudonym", "type", "start_date", "end_date"),
    "comparison": ("_row", "pseudonym", "birth_year"),
}
#: The checked column of every rule, in the order of the rejection report (`col_order`).
COLUMNS = {
    "participants": ("pseudonym", "plan", "category", "start_date", "end_date", "birth_year"),
    "jobs": ("pseudonym", "employer", "sector", "start_date", "end_date", "contract", "hours_per_week"),
    "benefits": ("pseudonym", "type", "start_date", "end_date"),
    "comparison": ("pseudonym", "birth_year"),
}
NULL = ibis.null(str)


def parse_date(text: ibis.Value) -> ibis.Value:
    """ISO YYYY-MM-DD or Dutch DD-MM-YYYY (exactly that shape), else NULL; `text` is trimmed."""
    dutch = text.substr(6, 4) + "-" + text.substr(3, 2) + "-" + text.substr(0, 2)
    return ibis.cases((text.re_search(ISO_DATE), text.try_cast("date")),
                      (text.re_search(DUTCH_DATE), dutch.try_cast("date")), else_=ibis.null("date"))


def parse_integer(text: ibis.Value) -> ibis.Value:
    return text.re_search(INTEGER).ifelse(text.try_cast("int32"), ibis.null("int32"))


def _parse_number(text: ibis.Value) -> ibis.Value:
    point = text.replace(",", ".")
    return point.re_search(NUMBER).ifelse(point.try_cast("float64"), ibis.null("float64"))


def typed(raw: ibis.Table, kind: str) -> ibis.Table:
    """The typed columns of one staged file, with the trimmed raw text that the rules need."""
    texts = {c: raw[c].strip().lower() if c == "pseudonym" else raw[c].strip() for c in TEXT[kind]}
    extra: dict[str, ibis.Value] = {}
    if kind != "comparison":
        start_raw, end_raw = raw.start_date.strip(), raw.end_date.strip()
        extra.update(start_raw=start_raw, end_raw=end_raw, start_date=parse_date(start_raw),
                     end_date=parse_date(end_raw))
    if kind in ("participants", "comparison"):
        year = raw.birth_year.strip()
        extra.update(birth_year_raw=year, birth_year=parse_integer(year))
    elif kind == "jobs":
        hours = raw.hours_per_week.strip()
        extra.update(contract=raw.contract.strip().lower(), hours_raw=hours, hours=_parse_number(hours))
    elif kind == "benefits":
        kind_raw = raw.type.strip()
        lowered = kind_raw.lower()
        extra.update(type_raw=kind_raw, type=ibis.cases(*((lowered == t.lower(), t) for t in BENEFIT_TYPES),
                                                        else_=NULL))
    return raw.select(_row=raw["_row"], **texts, **extra)


def _dates(t: ibis.Table) -> dict[str, ibis.Value]:
    def bad(day: ibis.Value) -> ibis.Value:
        return day.isnull() | (day < FIRST_DAY) | (day > LAST_DAY)

    return {
        "start_date": ibis.cases((t.start_raw == "", "value_missing"), (bad(t.start_date), "date_invalid"),
                                 else_=NULL),
        "end_date": ibis.cases((t.end_raw == "", NULL), (bad(t.end_date), "date_invalid"),
                               (t.end_date < t.start_date, "end_before_start"), else_=NULL),
    }


def _required(value: ibis.Value) -> ibis.Value:
    return (value == "").ifelse("value_missing", NULL)


def _codes(t: ibis.Table, kind: str) -> dict[str, ibis.Value]:
    """Per checked column the rejection code of the row (NULL: the rule holds)."""
    codes = {"pseudonym": t.pseudonym.re_search(PSEUDONYM).ifelse(NULL, "pseudonym_invalid")}
    if kind == "participants":
        codes.update(plan=_required(t.plan), category=_required(t.category), **_dates(t),
                     birth_year=((t.birth_year_raw != "") & ibis.coalesce(~t.birth_year.between(1900, 2100), True)
                                 ).ifelse("birth_year_invalid", NULL))
    elif kind == "jobs":
        hours = t.hours
        codes.update(employer=_required(t.employer), sector=_required(t.sector), **_dates(t),
                     contract=ibis.cases((t.contract == "", "value_missing"),
                                         (~t.contract.isin(CONTRACTS), "contract_unknown"), else_=NULL),
                     hours_per_week=((t.hours_raw != "") & (hours.isnull() | hours.isnan() | (hours < 0)
                                                            | (hours > 168))).ifelse("hours_invalid", NULL))
    elif kind == "benefits":
        codes.update(type=ibis.cases((t.type_raw == "", "value_missing"), (t.type.isnull(), "benefit_type_unknown"),
                                     else_=NULL), **_dates(t))
    else:
        codes.update(birth_year=ibis.cases(
            (t.birth_year_raw == "", "value_missing"),
            (ibis.coalesce(~t.birth_year.between(1900, 2100), True), "birth_year_invalid"), else_=NULL))
    return {f"code_{i}": codes[c] for i, c in enumerate(COLUMNS[kind])}


def checked(raw: ibis.Table, kind: str) -> ibis.Table:
    """Typed rows with `code_0 …` (one per rule, `COLUMNS[kind]`) and `ok` (no rule broken)."""
    t = typed(raw, kind)
    codes = _codes(t, kind)
    t = t.mutate(**codes)
    ok = ibis.and_(*(t[c].isnull() for c in codes))
    return t.mutate(ok=ok).select("ok", *codes, *OUTPUT[kind])


def problems(bad: ibis.Table, kind: str) -> ibis.Table:
    """One record (`_row`, `col_order`, `code`) per broken rule of the rejected rows."""
    parts = [bad.filter(bad[f"code_{i}"].notnull()).select(
        "_row", col_order=ibis.literal(i, "int32"), code=bad[f"code_{i}"]) for i in range(len(COLUMNS[kind]))]
    return ibis.union(*parts)


def row_key(t: ibis.Table, kind: str) -> ibis.Value:
    """A hash of the identity columns: equal rows have equal keys (the exact check follows)."""
    parts = [ibis.coalesce(t[c].cast("string"), "\u0000") for c in IDENTITY[kind]]
    return ibis.literal("\u001f").join(parts).hash()


def duplicates(valid: ibis.Table, kind: str) -> ibis.Table:
    """`_row` of every valid row that repeats an earlier one (all identity columns equal).

    First by a hash of the row (one aggregation over all rows), then exactly among the rows that
    share a hash (a window over those few)."""
    keyed = valid.mutate(key_=row_key(valid, kind))
    shared = keyed.group_by("key_").aggregate(n_=keyed.count()).filter(lambda t: t.n_ > 1).select(s_key="key_")
    candidates = keyed.join(shared, keyed.key_ == shared.s_key)
    order = ibis.row_number().over(group_by=[candidates[c] for c in IDENTITY[kind]], order_by=candidates["_row"])
    ranked = candidates.mutate(rank_=order)
    return ranked.filter(ranked.rank_ > 0).select("_row")


def comparison_status(valid: ibis.Table, participants: ibis.Table) -> ibis.Table:
    """The comparison rows that pass the row rules, with `code`: `also_participant` (the pseudonym is a
    participant), `duplicate_row` (the same pseudonym and birth year earlier in the file),
    `pseudonym_repeated` (the same pseudonym earlier with another birth year), or NULL (used)."""
    people = participants.select(p_pseudonym="pseudonym").distinct()
    by_pair = valid.group_by(["pseudonym", "birth_year"]).aggregate(pair_first=valid["_row"].min()).rename(
        pair_pseudonym="pseudonym", pair_year="birth_year")
    by_person = valid.group_by("pseudonym").aggregate(first_=valid["_row"].min()).rename(f_pseudonym="pseudonym")
    t = valid.left_join(people, valid.pseudonym == people.p_pseudonym)
    t = t.join(by_pair, (t.pseudonym == by_pair.pair_pseudonym) & (t.birth_year == by_pair.pair_year))
    t = t.join(by_person, t.pseudonym == by_person.f_pseudonym)
    code = ibis.cases((t.p_pseudonym.notnull(), "also_participant"), (t["_row"] != t.pair_first, "duplicate_row"),
                      (t["_row"] != t.first_, "pseudonym_repeated"), else_=NULL)
    return t.select("_row", "pseudonym", "birth_year", code=code)


def unlinked(rows: ibis.Table, people: ibis.Table) -> ibis.Value:
    """The number of rows whose pseudonym is not among `people` (a table with column `pseudonym`)."""
    known = people.select(k_pseudonym="pseudonym").distinct()
    return rows.anti_join(known, rows.pseudonym == known.k_pseudonym).count()
