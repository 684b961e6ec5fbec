"""Reading an inbox item through the text engine: a support case or not, personal data masked, the ready
reply, and a status's HTML as plain text."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from studio.listen.inbox import classify, ready_reply, shown_text
from studio.listen.mastodon_inbox import html_to_text
from studio.store.inbox import InboxItem
from studio.text import CheckConfig, check

QUESTION = "@studio what's your password policy, my student ID is 20231234"
DESK = "https://help.example.edu"


def _item(text: str, *, network: str = "mastodon", handle: str = "@kim", support: bool = False) -> InboxItem:
    return InboxItem(
        1, 1, "it-masto", network, "mention", "900", "https://uni.social/@kim/900", handle, "Kim", text,
        datetime(2026, 12, 1, 9, 30, tzinfo=UTC), None, None, None, None, "", "", support, (), None, None,
        None, None,
    )  # fmt: skip


def test_the_password_question_with_an_id_is_support_and_names_what_it_found() -> None:
    support, findings = classify(QUESTION)
    assert support is True
    assert findings[0] == "student or staff ID"
    assert "support: password" in findings


@pytest.mark.parametrize(
    "text",
    [
        "@studio I can't log in to Moodle since this morning",
        "@studio I can\u2019t log in to Moodle",  # typed on a phone
        "@studio locked out of my account again",
        "@studio how do I reset my passwords?",
        "@studio my student number is S1234567",
    ],
)
def test_support_cases_are_recognised(text: str) -> None:
    assert classify(text)[0] is True


@pytest.mark.parametrize(
    "text",
    ["@studio thanks, the VPN works again!", "@studio great tip about screen locking", "Love the new wifi"],
)
def test_thanks_and_praise_are_not_support(text: str) -> None:
    assert classify(text) == (False, [])


def test_an_email_or_phone_is_personal_data_but_not_by_itself_support() -> None:
    support, findings = classify("@studio write to kim.lee@example.com or call +44 20 7946 0958")
    assert support is False
    assert findings == ["e-mail address", "phone number"]


def test_personal_data_is_found_even_when_the_kit_switches_the_rule_off_for_posts() -> None:
    config = replace(CheckConfig.load(None), disabled=frozenset({"personal-data", "jargon"}))
    assert classify(QUESTION, config)[1][0] == "student or staff ID"


def test_shown_text_masks_the_id_number_but_keeps_its_label_until_revealed() -> None:
    item = _item(QUESTION)
    assert shown_text(item) == "@studio what's your password policy, my student ID is ••••••••"
    assert shown_text(item, reveal=True) == QUESTION


def test_shown_text_masks_an_email_whole_and_a_phone_number_digit_by_digit_keeping_spaces() -> None:
    item = _item("mail kim.lee@example.com or call +44 20 7946 0958 today")
    assert shown_text(item) == "mail ••••••••••••••••••• or call ••• •• •••• •••• today"


def test_text_without_personal_data_is_shown_as_it_is() -> None:
    assert shown_text(_item("@studio thanks!")) == "@studio thanks!"


def test_the_ready_reply_addresses_the_author_points_to_the_help_desk_and_passes_the_guardrails() -> None:
    text = ready_reply(_item(QUESTION, support=True), DESK)
    assert text.startswith("@kim ")
    assert DESK in text
    assert "personal details" in text
    assert [f for f in check(text) if f.severity == "error"] == []
    assert len(text) <= 500  # fits a Mastodon status


def test_the_ready_reply_on_bluesky_has_no_handle_and_without_a_link_still_says_where() -> None:
    text = ready_reply(_item(QUESTION, network="bluesky", handle="kim.bsky.social", support=True), "")
    assert not text.startswith("@")
    assert "help desk" in text
    assert len(text) <= 300  # fits one Bluesky post


def test_an_item_that_is_not_support_has_no_ready_reply() -> None:
    assert ready_reply(_item("@studio thanks!"), DESK) == ""


def test_mastodon_html_becomes_plain_text() -> None:
    html = (
        '<p><span class="h-card"><a href="https://uni.social/@studio" class="u-url mention">@<span>studio'
        "</span></a></span> is eduroam down?</p><p>line one<br />line two &amp; &lt;three&gt;</p>"
    )
    assert html_to_text(html) == "@studio is eduroam down?\n\nline one\nline two & <three>"
