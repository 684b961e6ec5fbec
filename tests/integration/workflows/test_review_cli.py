"""`studio review` and `studio archive report` through the CLI with real files."""

from __future__ import annotations

from pathlib import Path

from tests.integration.workflows.conftest import Cli


def test_review_flow_and_bundle(cli: Cli, accounts: tuple[str, str], tmp_path: Path) -> None:
    assert cli("queue", "solo", "off").returncode == 0
    for name, role in (("Sam", "author"), ("Ana", "reviewer")):
        assert cli("review", "people", "add", name, "--role", role).returncode == 0
    assert cli("review", "people").stdout.splitlines() == ["Ana\treviewer", "Sam\tauthor"]
    added = cli("queue", "add", "--account", "it-masto", "--text", "Printers: use the new queue <PrintOne>")
    assert added.returncode == 0, added.stderr  # with review on, it waits in review
    post_id = added.stdout.strip()
    listed = cli("review", "list").stdout
    assert listed.startswith(f"{post_id}\tfrom ?")

    bundle = tmp_path / "review.html"
    assert cli("review", "bundle", "--out", str(bundle)).returncode == 0
    html = bundle.read_text(encoding="utf-8")
    assert "Printers: use the new queue &lt;PrintOne&gt;" in html
    assert f"studio review approve {post_id} --as NAME --via bundle" in html

    author = cli("review", "approve", post_id, "--as", "Sam")
    assert (author.returncode, "is an author, not a reviewer" in author.stderr) == (1, True)
    changes = cli(
        "review", "changes", post_id, "--as", "Ana", "--comment", "Say which building", "--via", "bundle"
    )
    assert changes.stdout.strip() == f"post {post_id}: draft (changes asked)"
    assert cli("review", "submit", post_id, "--as", "Sam").stdout.strip() == f"post {post_id}: in_review"
    assert cli("review", "approve", post_id, "--as", "Ana").stdout.strip() == f"post {post_id}: scheduled"
    assert cli("review", "list").stdout.strip() == "nothing waits for review"


def test_monthly_report_file(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = cli("archive", "report", "--month", "2026-03", "--out", str(out))
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert "Nothing was published this month." in html
    bad = cli("archive", "report", "--month", "2026-13", "--out", str(out))
    assert bad.returncode == 1
    assert "--month '2026-13': not a month" in bad.stderr
