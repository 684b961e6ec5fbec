"""Posts into Studio from a CSV file, with a documented column set and a line-by-line error report.

Columns (a header row names them; order is free; UTF-8, with or without a BOM):
    text      required  the post's text
    text_<network>  optional  that network's own text (`text_x`, `text_bluesky`, ...); empty: `text`;
                        a row to schedule needs an account on that network (a draft may keep it for later)
    accounts  required  account names separated by `;`
    at        optional  ISO 8601 time; without an offset it is read in the workspace's zone; empty: a draft
    status    optional  `draft` or `scheduled` (default: scheduled when `at` is given, else draft);
                        with review on, `scheduled` posts wait for approval
    series    optional  the name of an existing series: the post joins its backlog (no `at` then)
    id, incident, published_urls, likes, reposts, replies, quotes
              written by `studio archive export`; ignored on import
A cell that starts with `'` before a spreadsheet formula character (`'=...`, `'+...`, `'@...`) loses that one
quote: `studio archive export` adds it so spreadsheets show the text instead of running it.
A row to schedule must pass the guardrails `studio queue add` uses too (`studio.workflows.scheduling`),
each network counted on the text it gets: each problem is an error on its line (no override column: queue
such a post with `studio queue add --allow`), and its thread parts are fixed as they checked. A draft row
is not checked until it is scheduled.
Nothing is imported while any row is bad, unless the caller asks to skip bad rows: fixing the file and
importing it again then never makes duplicates.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime, tzinfo

from studio.errors import UserError
from studio.platforms import network_by_id
from studio.store import Account, NewPost, PostStatus, Store
from studio.store.times import now_utc
from studio.store.zones import parse_user_time
from studio.workflows.exports import TEXT_FOR_COLUMNS, read_csv_cell
from studio.workflows.scheduling import Plan, check_post, target_of

__all__ = ["IGNORED_COLUMNS", "IMPORT_COLUMNS", "ImportReport", "RowError", "import_csv"]

IMPORT_COLUMNS = ("text", "accounts", "at", "status", "series")
IGNORED_COLUMNS = ("id", "incident", "published_urls", "likes", "reposts", "replies", "quotes")
_REQUIRED = ("text", "accounts")


@dataclass(frozen=True, slots=True)
class RowError:
    """What is wrong with one row (line 1 is the header)."""

    line: int
    field: str
    message: str

    def describe(self) -> str:
        """`line 4, accounts: 'nobody' is not an account (...)`."""
        return (
            f"line {self.line}, {self.field}: {self.message}"
            if self.field
            else f"line {self.line}: {self.message}"
        )


@dataclass(frozen=True, slots=True)
class ImportReport:
    """The posts made and the rows refused."""

    created: tuple[int, ...]
    errors: tuple[RowError, ...]
    rows: int


@dataclass(frozen=True, slots=True)
class _Row:
    line: int
    new: NewPost
    status: PostStatus


def import_csv(
    store: Store, text: str, *, zone: tzinfo | None, skip_bad: bool = False, now: datetime | None = None
) -> ImportReport:
    """Check every row, then create the posts in one transaction (none if a row is bad, unless `skip_bad`)."""
    moment = now or now_utc()
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), strict=True)
    try:
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
    except csv.Error as error:
        return ImportReport((), (RowError(1, "", f"not readable as CSV ({error})"),), 0)
    problems = _check_header(header)
    if problems:
        return ImportReport((), tuple(problems), 0)
    reader.fieldnames = header
    accounts = {a.name.lower(): a for a in store.accounts.list()}
    series = {s.name.lower(): s.name for s in store.series.list_all()}
    solo = store.settings.get().solo_mode
    good: list[_Row] = []
    errors: list[RowError] = []
    count = 0
    start = 2
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            errors.append(RowError(start, "", f"not readable as CSV ({error})"))
            break
        count += 1
        found = _check_row(start, raw, accounts, series, zone, solo, moment)
        if isinstance(found, _Row):
            good.append(found)
        else:
            errors += found
        start = reader.line_num + 1
    if count == 0:
        errors.append(RowError(2, "", "no rows under the header"))
    if errors and not skip_bad:
        return ImportReport((), tuple(errors), count)
    created: list[int] = []
    with store.db.write():
        for row in good:
            created.append(store.posts.create(row.new, row.status, at=moment).id)
    return ImportReport(tuple(created), tuple(errors), count)


def _check_header(header: list[str]) -> list[RowError]:
    known = set(IMPORT_COLUMNS) | set(IGNORED_COLUMNS) | set(TEXT_FOR_COLUMNS)
    problems = [_unknown_column(h) for h in header if h not in known]
    problems += [RowError(1, "", f"the column {c!r} is missing") for c in _REQUIRED if c not in header]
    if len(set(header)) != len(header):
        problems.append(RowError(1, "", "a column is named twice"))
    return problems


def _unknown_column(name: str) -> RowError:
    if name.startswith("text_"):
        network = name.removeprefix("text_")
        return RowError(
            1,
            "",
            f"unknown column {name!r} ({network!r} is not a network; known: {', '.join(TEXT_FOR_COLUMNS)})",
        )
    return RowError(1, "", f"unknown column {name!r} (known: {', '.join(IMPORT_COLUMNS)})")


def _check_row(
    line: int,
    raw: dict[str | None, str | list[str] | None],
    accounts: dict[str, Account],
    series: dict[str, str],
    zone: tzinfo | None,
    solo: bool,
    now: datetime,
) -> _Row | list[RowError]:
    if None in raw:
        return [RowError(line, "", "more cells than columns (a comma inside text needs the text in quotes)")]
    cell = {
        k: read_csv_cell((v if isinstance(v, str) else "").strip()) for k, v in raw.items() if k is not None
    }
    errors: list[RowError] = []
    text = cell.get("text", "")
    if not text:
        errors.append(RowError(line, "text", "is empty"))
    names = [n.strip() for n in cell.get("accounts", "").split(";") if n.strip()]
    if not names:
        errors.append(RowError(line, "accounts", "names no account (separate several with ;)"))
    chosen: list[Account] = []
    for name in names:
        account = accounts.get(name.lower())
        if account is None:
            errors.append(
                RowError(line, "accounts", f"{name!r} is not an account (see `studio accounts list`)")
            )
        elif account in chosen:
            errors.append(RowError(line, "accounts", f"{name!r} is given twice"))
        else:
            chosen.append(account)
    ids = tuple(a.id for a in chosen)
    when = None
    if cell.get("at"):
        try:
            when = parse_user_time(cell["at"], zone, field="at")
        except UserError as error:
            errors.append(RowError(line, "at", f"{error.why} ({error.fix})"))
        else:
            if when <= now:
                errors.append(RowError(line, "at", f"{cell['at']} is in the past"))
    status_text = cell.get("status", "").lower() or ("scheduled" if cell.get("at") else "draft")
    if status_text not in ("draft", "scheduled"):
        errors.append(RowError(line, "status", f"{status_text!r} is not draft or scheduled"))
    series_name = ""
    if cell.get("series"):
        series_name = series.get(cell["series"].lower(), "")
        if not series_name:
            errors.append(
                RowError(line, "series", f"{cell['series']!r} is not a series (see `studio series list`)")
            )
        elif when is not None:
            errors.append(
                RowError(line, "at", "a series post gets its time from the series; leave `at` empty")
            )
    text_for = {c.removeprefix("text_"): cell[c] for c in TEXT_FOR_COLUMNS if cell.get(c)}
    if status_text == "scheduled":  # a draft may keep a network's text for an account chosen later
        on = {a.network for a in chosen}
        errors += [_no_account_on(line, network) for network in text_for if network not in on]
    if errors:
        return errors
    status = PostStatus.DRAFT
    parts: dict[str, tuple[str, ...]] = {}
    if status_text == "scheduled":
        status = PostStatus.SCHEDULED if solo else PostStatus.IN_REVIEW
        # Going out: the guardrails every front end asks; the threads they checked are the ones stored.
        plan = Plan(text, tuple(target_of(a) for a in chosen), text_for=text_for)
        verdict = check_post(plan, now=now)
        if not verdict.ok:
            return [RowError(line, "", problem.line()) for problem in verdict.problems]
        parts = dict(verdict.parts)
    new = NewPost(text, ids, parts, scheduled_at=when, series=series_name, text_for=text_for)
    return _Row(line, new, status)


def _no_account_on(line: int, network: str) -> RowError:
    name = network_by_id(network).name
    return RowError(
        line,
        f"text_{network}",
        f"none of the row's accounts is on {name} (add a {name} account to `accounts`, "
        f"or leave text_{network} empty)",
    )
