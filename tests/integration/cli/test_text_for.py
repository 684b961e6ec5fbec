"""`studio queue add` with a text and a picture format per network, and pictures' looks (Issue 13.3, 13.4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from studio.store import NewAccount, open_store
from tests.integration.cli.conftest import Cli, one_error_line

MAIN = "The library printers are back on every floor. Thanks for your patience while we fixed them!"


@pytest.fixture
def solo(studio_home: Path) -> Path:
    """No review; an X, a Mastodon and an Instagram account (none needs a credential to be queued)."""
    with open_store(studio_home) as store:
        store.settings.update(solo_mode=True)
        store.accounts.add(NewAccount("x", "it-x"))
        store.accounts.add(NewAccount("mastodon", "it-masto", instance_url="https://social.example"))
        store.accounts.add(NewAccount("instagram", "it-insta"))
    return studio_home


def _picture(tmp_path: Path, name: str, colour: tuple[int, int, int] = (30, 90, 160)) -> Path:
    path = tmp_path / name
    Image.new("RGB", (80, 60), colour).save(path, "PNG")
    return path


def _errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error: ")]


def _nothing_queued(studio_home: Path) -> None:
    with open_store(studio_home) as store:
        assert store.posts.count() == 0


def test_each_network_gets_its_own_text(cli: Cli, solo: Path, tmp_path: Path) -> None:
    masto_file = tmp_path / "masto.txt"
    masto_file.write_bytes(b"\xef\xbb\xbfPrinters are back! Long version for the fediverse.\r\n#CampusIT\r\n")
    added = cli(
        "queue", "add", "--account", "it-x", "--account", "it-masto", "--text", MAIN,
        "--text-for", "x=Printers are back 🖨️", "--text-file-for", f"mastodon={masto_file}",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    post_id = int(added.stdout)
    masto_text = "Printers are back! Long version for the fediverse.\n#CampusIT"  # no BOM, LF line ends

    listed = json.loads(cli("queue", "list", "--json").stdout)
    assert [(d["network"], d["text"]) for d in listed[0]["deliveries"]] == [
        ("x", "Printers are back 🖨️"),
        ("mastodon", masto_text),
    ]
    with open_store(solo) as store:
        post = store.posts.get(post_id)
    assert post.body == MAIN
    assert dict(post.text_for) == {"x": "Printers are back 🖨️", "mastodon": masto_text}
    assert {d.network: [p.text for p in d.parts] for d in post.deliveries} == {
        "x": ["Printers are back 🖨️"],
        "mastodon": [masto_text],
    }
    shown = cli("queue", "show", str(post_id)).stdout
    assert "text for X:\n  Printers are back 🖨️\n" in shown
    assert "text for Mastodon:\n  Printers are back! Long version for the fediverse.\n  #CampusIT\n" in shown
    doc = json.loads(cli("queue", "show", str(post_id), "--json").stdout)
    assert [d["text"] for d in doc["deliveries"]] == ["Printers are back 🖨️", masto_text]
    assert doc["text_for"] == {"mastodon": masto_text, "x": "Printers are back 🖨️"}


def test_an_empty_network_text_means_same_as_all(cli: Cli, solo: Path) -> None:
    added = cli("queue", "add", "--account", "it-x", "--text", "Short and sweet", "--text-for", "x=  ")
    assert added.returncode == 0, added.stderr
    (post,) = json.loads(cli("queue", "list", "--json").stdout)
    assert post["deliveries"][0]["text"] == "Short and sweet"
    with open_store(solo) as store:
        assert dict(store.posts.get(int(added.stdout)).text_for) == {}


def test_a_network_s_own_text_is_checked_by_the_guardrails(cli: Cli, solo: Path) -> None:
    # The main text is fine everywhere; X's own text weighs 401 of 280 and cannot be cut into a thread.
    too_long = cli(
        "queue", "add", "--account", "it-x", "--account", "it-masto", "--text", MAIN,
        "--text-for", "x=#" + "停" * 200,
    )  # fmt: skip
    assert too_long.returncode == 1
    (line,) = _errors(too_long.stderr)
    assert line.startswith("error: it-x (X), ")
    # A finding in Mastodon's own text only: refused, with the override to name.
    personal = cli(
        "queue", "add", "--account", "it-x", "--account", "it-masto", "--text", MAIN,
        "--text-for", "mastodon=Mail jane.doe@example.edu for a loan printer.",
    )  # fmt: skip
    assert personal.returncode == 1
    (line,) = _errors(personal.stderr)
    assert line.startswith("error: the text for mastodon, characters ")
    assert line.endswith("or --allow personal-data to post it anyway)")
    assert "Traceback" not in too_long.stderr + personal.stderr
    _nothing_queued(solo)


def test_a_text_for_a_network_no_account_is_on_is_refused(cli: Cli, solo: Path) -> None:
    result = cli("queue", "add", "--account", "it-x", "--text", MAIN, "--text-for", "bluesky=Hi Bluesky")
    assert one_error_line(result) == (
        "error: --text-for bluesky: none of the post's accounts is on Bluesky "
        "(add a Bluesky account with --account, or leave --text-for bluesky out)"
    )
    assert result.returncode == 1
    _nothing_queued(solo)


@pytest.mark.parametrize(
    ("flag", "value", "message"),
    [
        ("--text-for", "x", "'x': not NETWORK=VALUE"),
        ("--text-for", "myspace=hi", "'myspace' is not a network (networks: x, mastodon, bluesky"),
        (
            "--format-for",
            "instagram=instagram-wide",
            "'instagram-wide' is not one of Instagram's formats (choose one of: instagram-square, "
            "instagram-portrait, instagram-landscape, instagram-story)",
        ),
    ],
)
def test_a_malformed_network_value_is_a_usage_error(
    cli: Cli, solo: Path, flag: str, value: str, message: str
) -> None:
    result = cli("queue", "add", "--account", "it-insta", "--text", MAIN, flag, value)
    assert result.returncode == 2
    assert f"argument {flag}: " in one_error_line(result)
    assert message in result.stderr


def test_format_template_and_caption_are_stored_per_network_and_picture(
    cli: Cli, solo: Path, tmp_path: Path
) -> None:
    first, second = _picture(tmp_path, "sam.png"), _picture(tmp_path, "cartoon.png", (200, 40, 40))
    added = cli(
        "queue", "add", "--account", "it-insta", "--text", MAIN,
        "--image", str(first), "--alt", "Sam at the help desk",
        "--template", "photo", "--caption", "Meet Sam",
        "--image", str(second), "--alt", "A printer cartoon", "--template", "cartoon",
        "--format-for", "instagram=instagram-story",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    with open_store(solo) as store:
        post = store.posts.get(int(added.stdout))
    assert dict(post.format_for) == {"instagram": "instagram-story"}
    assert [(m.media.alt_text, m.template, m.caption) for m in post.media] == [
        ("Sam at the help desk", "photo", "Meet Sam"),
        ("A printer cartoon", "cartoon", ""),
    ]
    shown = cli("queue", "show", str(post.id)).stdout
    assert "format for Instagram: instagram-story" in shown
    assert "template photo, caption 'Meet Sam'" in shown


def test_a_format_for_a_network_no_account_is_on_is_refused(cli: Cli, solo: Path) -> None:
    result = cli(
        "queue", "add", "--account", "it-x", "--text", MAIN, "--format-for", "instagram=instagram-story"
    )
    assert "error: --format-for instagram: none of the post's accounts is on Instagram" in one_error_line(
        result
    )
    _nothing_queued(solo)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ["--template", "fancy"],
            "error: --template 'fancy': not a template of the kit Campus IT "
            "(use one of: photo, cartoon, tip, story, status)",
        ),
        (["--template", "photo", "--template", "photo"], "error: --template: 2 given for 1 picture(s)"),
        (
            ["--caption", "Meet Sam"],
            "error: --caption 'Meet Sam': picture 1 has a caption but no template to draw it in "
            "(give picture 1 a --template (e.g. photo))",
        ),
    ],
)
def test_a_bad_template_or_caption_is_refused(
    cli: Cli, solo: Path, tmp_path: Path, extra: list[str], message: str
) -> None:
    picture = _picture(tmp_path, "p.png")
    result = cli(
        "queue", "add", "--account", "it-insta", "--text", MAIN,
        "--image", str(picture), "--alt", "A printer", *extra,
    )  # fmt: skip
    assert result.returncode == 1
    assert one_error_line(result).startswith(message)
    _nothing_queued(solo)
