"""The account handover sheet (Markdown and HTML): what the next team needs on day one, and never a secret."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from studio.secrets import SERVICE
from studio.store.models import Account
from studio.store.zones import show_time

__all__ = ["HandoverSheet", "render_html", "render_markdown"]


@dataclass(frozen=True, slots=True)
class HandoverSheet:
    """Everything the sheet shows; `has_credential` is None where the keyring could not be asked."""

    accounts: Sequence[Account]
    has_credential: Mapping[int, bool | None]
    team_notes: str
    generated_at: datetime
    zone: tzinfo | None = None
    members: Sequence[tuple[str, str]] = ()  # a team workspace's members and roles (name, role), as synced


def _credential(sheet: HandoverSheet, account: Account) -> str:
    # Studio's own Markdown (code spans), around values Studio made: `_md` leaves this row alone.
    where = f"OS keyring, service `{SERVICE}`, user `{account.secret_name}`"
    state = sheet.has_credential.get(account.id)
    if state is None:
        return f"{where} (not checked: keyring unavailable)"
    return where if state else f"{where} (MISSING: add it again with `studio accounts add`)"


def _rows(sheet: HandoverSheet, account: Account) -> list[tuple[str, str]]:
    status = f"needs reconnecting: {account.reconnect_reason}" if account.needs_reconnect else "ok"
    return [
        ("Network", account.network),
        ("Handle", account.handle or "-"),
        ("Instance", account.instance_url or "-"),
        ("Owner", account.owner or "- (nobody named: fix this first)"),
        ("Credential", _credential(sheet, account)),
        ("Last published", show_time(account.last_published_at, sheet.zone) or "never"),
        ("Last checked", show_time(account.last_checked_at, sheet.zone) or "never"),
        ("Status", status),
        ("Notes", account.notes or "-"),
    ]


def render_markdown(sheet: HandoverSheet) -> str:
    """The sheet as Markdown."""
    lines = [
        "# Social media accounts: handover sheet",
        "",
        f"Made by Studio on {show_time(sheet.generated_at, sheet.zone)}.",
        "Credentials live in the OS keyring of the computer running Studio (never in this sheet);",
        "hand them over in person or through a password manager.",
        "",
        f"{len(sheet.accounts)} account(s).",
        "",
    ]
    for account in sheet.accounts:
        lines += [f"## {_md(account.name)}", "", "| | |", "|---|---|"]
        lines += [
            f"| {key} | {value if key == 'Credential' else _md(value)} |"
            for key, value in _rows(sheet, account)
        ]
        lines.append("")
    if sheet.members:
        lines += ["## Team members", "", "| Member | Role |", "|---|---|"]
        lines += [f"| {_md(name)} | {_md(role)} |" for name, role in sheet.members]
        lines.append("")
    lines += ["## Team notes", "", _md_block(sheet.team_notes.strip()), ""]
    return "\n".join(lines)


def render_html(sheet: HandoverSheet) -> str:
    """The sheet as a standalone HTML page."""
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8"><title>Accounts handover sheet</title>',
        "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;padding:0 1em}"
        "table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.3em .5em;"
        "text-align:left;vertical-align:top}th{width:10em;background:#f4f4f4}</style></head><body>",
        "<h1>Social media accounts: handover sheet</h1>",
        f"<p>Made by Studio on {_h(show_time(sheet.generated_at, sheet.zone))}. Credentials live in the OS "
        "keyring of the computer running Studio (never in this sheet); hand them over in person or through "
        "a password manager.</p>",
        f"<p>{len(sheet.accounts)} account(s).</p>",
    ]
    for account in sheet.accounts:
        parts.append(f"<h2>{_h(account.name)}</h2><table>")
        parts += [f"<tr><th>{_h(k)}</th><td>{_h(v)}</td></tr>" for k, v in _rows(sheet, account)]
        parts.append("</table>")
    if sheet.members:
        parts.append("<h2>Team members</h2><table><tr><th>Member</th><th>Role</th></tr>")
        parts += [f"<tr><td>{_h(name)}</td><td>{_h(role)}</td></tr>" for name, role in sheet.members]
        parts.append("</table>")
    notes = sheet.team_notes.strip()
    parts.append("<h2>Team notes</h2>")
    parts.append(f"<pre>{_h(notes)}</pre>" if notes else "<p>(none yet)</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


# What Markdown (CommonMark, GitHub's tables) would read as markup or raw HTML in what people typed.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&$])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")


def _md(text: str) -> str:
    """What someone typed, shown as typed: every Markdown and HTML character escaped, on one line."""
    return _MD_SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", text))


def _md_block(text: str) -> str:
    """Team notes keep their lines, shown as typed (as the HTML `<pre>`): a fence longer than any inside."""
    if not text:
        return "(none yet)"
    runs = [len(run) for run in re.findall(r"`+|~+", text)]
    fence = "`" * max(3, max(runs, default=0) + 1)
    return f"{fence}text\n{text}\n{fence}"


def _h(text: str) -> str:
    return html.escape(text).replace("`", "")
