"""CSV formula injection (issue 12 item 1): `archive export` neutralises every spreadsheet formula prefix, and
`archive import` of the exported file gives back the original texts, real files through the CLI."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from studio.store import NewPost, PostStatus, open_store
from tests.integration.workflows.conftest import Cli

# Every prefix OWASP names (=, +, -, @, tab, carriage return), their full-width forms (spreadsheets in East
# Asian locales read those as formulas too), texts that start with the escape character itself, and a
# plain text that must be left alone.
TEXTS = (
    '=HYPERLINK("http://evil.example/","x")',
    "+1 for the new printer",
    "-5 degrees: the heating is off",
    "@channel the VPN is down",
    "\tindented by a tab",
    "\rstarts with a carriage return",
    "\uff1d1+1 in full width",
    "\uff0bfull-width plus",
    "\uff0dfull-width minus",
    "\uff20full-width at",
    "'=already quoted by hand",
    "''=two quotes before a formula",
    "'Tis the season for printer jams",
    "Plain text: nothing to escape",
)
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def test_export_neutralises_formulas_and_import_gives_the_texts_back(
    cli: Cli, accounts: tuple[str, str], studio_home: Path, tmp_path: Path
) -> None:
    with open_store(studio_home) as store:
        masto = store.accounts.by_name("it-masto")
        for text in TEXTS:
            store.posts.create(NewPost(text, (masto.id,)), PostStatus.DRAFT)
        originals = [store.posts.get(i).body for i in range(1, len(TEXTS) + 1)]
    assert originals == list(TEXTS)

    out = tmp_path / "posts.csv"
    exported = cli("archive", "export", "--out", str(out))
    assert exported.returncode == 0, exported.stderr

    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8"), newline="")))
    cells = [cell for row in rows for cell in row]
    assert [c for c in cells if c.startswith(_DANGEROUS)] == []
    header = rows[0]
    written = [row[header.index("text")] for row in rows[1:]]
    assert written[0] == "'" + TEXTS[0]
    assert written[-1] == TEXTS[-1]  # nothing to escape: written as it is
    assert written[TEXTS.index("'Tis the season for printer jams")] == "'Tis the season for printer jams"

    imported = cli("archive", "import", str(out))
    assert imported.returncode == 0, imported.stderr
    with open_store(studio_home) as store:
        again = [store.posts.get(i).body for i in range(len(TEXTS) + 1, 2 * len(TEXTS) + 1)]
    assert again == list(TEXTS)
