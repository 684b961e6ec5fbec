"""Content checks on real-looking posts: what each rule catches, and what it leaves alone."""

from __future__ import annotations

import pytest

from studio.text import RULE_IDS, CheckConfig, Finding, check
from studio.text.readability import flesch_kincaid, syllables
from tests.unit.text.posts import MAINTENANCE_THREAD, OUTAGE, OUTAGE_RESOLVED, REPLY_BAD, REPLY_GOOD, TECH_TIP


def _rules(text: str, **kwargs: object) -> list[tuple[str, str]]:
    return [(f.rule, text[f.start : f.end]) for f in check(text, **kwargs)]  # type: ignore[arg-type]


def _only(text: str, rule: str, **kwargs: object) -> list[Finding]:
    return [f for f in check(text, **kwargs) if f.rule == rule]  # type: ignore[arg-type]


@pytest.mark.parametrize("post", [OUTAGE, OUTAGE_RESOLVED, TECH_TIP, REPLY_GOOD, MAINTENANCE_THREAD])
def test_good_posts_have_no_findings(post: str) -> None:
    assert check(post) == []


def test_empty() -> None:
    findings = check("  \n")
    assert [(f.rule, f.severity) for f in findings] == [("empty", "error")]
    assert check("x") == []


def test_personal_data_catches_what_identifies_a_person() -> None:
    text = (
        "Thanks Jane (jane.doe@example.edu, 07700 900123), your laptop 10.20.3.44 / "
        "fe80::1ff:fe23:4567:890a is fixed. Student ID: S1234567. Reset link: https://sso.example.edu/reset?token=9f8e7d"
    )
    found = [(f.rule, text[f.start : f.end], f.severity) for f in _only(text, "personal-data")]
    assert found == [
        ("personal-data", "jane.doe@example.edu", "error"),
        ("personal-data", "07700 900123", "error"),
        ("personal-data", "10.20.3.44", "error"),
        ("personal-data", "fe80::1ff:fe23:4567:890a", "error"),
        ("personal-data", "Student ID: S1234567", "error"),
        ("personal-data", "https://sso.example.edu/reset?token=9f8e7d", "error"),
    ]


def test_personal_data_leaves_times_dates_versions_and_public_contacts() -> None:
    text = (
        "Maintenance 2026-11-22 from 06:00 to 10:00 (22.11.2026). Update to version 10.4.2 first. "
        "Questions: helpdesk@example.edu or +1 555 0100 1234. https://status.example.edu/incidents/4711?id=3 "
        "@it@mastodon.example.org"
    )
    config = CheckConfig(allowed_contacts=("helpdesk@example.edu", "+1 (555) 0100-1234"))
    assert _only(text, "personal-data", config=config) == []
    assert len(_only(text, "personal-data")) == 2  # without the allow-list, both contacts are flagged


def test_support_in_public_asking_for_secrets_is_an_error_anywhere() -> None:
    findings = _only(REPLY_BAD, "support-in-public", help_desk_url="https://help.example.edu")
    ask = findings[0]
    assert (ask.severity, REPLY_BAD[ask.start : ask.end]) == ("error", "DM us your password")
    assert ask.suggestion is not None
    assert "https://help.example.edu" in ask.suggestion
    assert _only("What's your password? Asking for a friend.", "support-in-public")[0].severity == "error"


def test_support_in_public_walkthroughs_only_in_replies() -> None:
    walk = [
        REPLY_BAD[f.start : f.end] for f in _only(REPLY_BAD, "support-in-public") if f.severity == "warning"
    ]
    assert walk == ["try clearing", "go to Settings"]
    notice = "New VPN app today. If it will not start, try restarting your laptop after the update."
    assert _only(notice, "support-in-public") == []  # a notice to everyone, not a personal case
    assert _only(notice, "support-in-public", reply=True) != []
    steps = "@sam_student 1. Open the app\n2. Sign out\n3. Sign in again"
    assert len(_only(steps, "support-in-public")) == 1


def test_support_uses_the_kit_link() -> None:
    config = CheckConfig.load(None)
    config = CheckConfig(**{**_fields(config), "help_desk_url": "https://kit.example.edu/help"})
    finding = _only("@sam send us your password", "support-in-public", config=config)[0]
    assert finding.suggestion is not None
    assert "https://kit.example.edu/help" in finding.suggestion


def _fields(config: CheckConfig) -> dict[str, object]:
    return {name: getattr(config, name) for name in config.__slots__}


def test_jargon_with_plain_suggestions_but_not_inside_links() -> None:
    text = "DNS propagation can take a while after the SSO cutover. Details: https://sso.example.edu #SSO"
    found = [(text[f.start : f.end], f.suggestion) for f in _only(text, "jargon")]
    assert found == [
        ("DNS propagation", 'Say "the change can take a few hours to reach everyone"'),
        ("SSO", 'Say "your university login (one login for all services)"'),
        ("cutover", 'Say "switch-over"'),
    ]
    assert (
        _only("Deprecated\nMFA token", "jargon")[1].suggestion
        == 'Say "the code from your sign-in app or text message"'
    )


def test_inappropriate_words_whole_words_only() -> None:
    text = "Well that sucks, the Wi-Fi is crazy slow. Shellfish for lunch, classic hello."
    assert [text[f.start : f.end] for f in _only(text, "inappropriate")] == ["sucks", "crazy"]


def test_shouting_but_not_acronyms() -> None:
    assert [t for r, t in _rules("Heads up: ALL SYSTEMS ARE DOWN right now.") if r == "shouting"] == [
        "ALL SYSTEMS ARE DOWN"
    ]
    assert _only("UPDATE: e-mail is back.", "shouting") == []  # one short label is not shouting
    hyphenated = _only("UPDATE: E-MAIL IS DOWN for everyone.", "shouting")
    assert [f.suggestion for f in hyphenated] == ['"Update: e-mail is down"']
    found = _only("Heads up: ALL SYSTEMS ARE DOWN right now.", "shouting")
    assert len(found) == 1
    assert found[0].suggestion == '"All systems are down"'
    assert _only("The VPN and SSO for IT staff are back. USB ports work.", "shouting") == []


def test_hashtag_case_suggests_camel_case() -> None:
    text = "New series! #techtiptuesday #itstatus #cybersecurity #TechTipTuesday #zzzzqqqqxx"
    found = [(text[f.start : f.end], f.suggestion) for f in _only(text, "hashtag-case")]
    assert found == [
        ("#techtiptuesday", "#TechTipTuesday"),
        ("#itstatus", "#ITStatus"),
        ("#zzzzqqqqxx", "Start each word with a capital (#LikeThis)"),
    ]


def test_hashtag_count_per_network() -> None:
    tags = " ".join(f"#Tag{chr(65 + i)}" for i in range(6))
    warning = _only(f"Open day {tags}", "hashtag-count", network_ids=["instagram"])
    assert [(f.severity, "more than 5" in f.message) for f in warning] == [("warning", True)]
    many = " ".join(f"#Tag{i}x" for i in range(31))
    kinds = sorted(f.severity for f in _only(many, "hashtag-count", network_ids=["instagram", "x"]))
    assert kinds == ["error", "warning"]
    assert _only("#One #Two #Three", "hashtag-count") == []


def test_emoji_count() -> None:
    text = "Back online \U0001f389\U0001f389\U0001f389\U0001f64c\U0001f680"
    found = _only(text, "emoji-count")
    assert [(f.severity, text[f.start : f.end]) for f in found] == [("info", "\U0001f64c\U0001f680")]
    assert _only("Back online \U0001f389", "emoji-count") == []


def test_reading_level_flags_the_longest_sentence() -> None:
    hard = (
        "Following the infrastructure modernisation initiative, authentication infrastructure "
        "interoperability considerations necessitate the reconfiguration of institutional identity "
        "federation relationships. Contact us."
    )
    found = _only(hard, "reading-level")
    assert len(found) == 1
    assert hard[found[0].start : found[0].end].startswith("Following")
    assert "Flesch-Kincaid" in found[0].message
    assert _only(TECH_TIP, "reading-level") == []


def test_flesch_kincaid_formula() -> None:
    score = flesch_kincaid("The cat sat on the mat. It was happy.")
    assert (score.words, score.sentences, score.syllables) == (9, 2, 10)
    assert score.grade == round(0.39 * 9 / 2 + 11.8 * 10 / 9 - 15.59, 1)
    assert [syllables(w) for w in ("the", "table", "computer", "rhythm", "maintenance")] == [1, 2, 3, 1, 3]


def test_disabled_rules_and_severity_overrides() -> None:
    base = CheckConfig.load(None)
    quiet = CheckConfig(
        **{**_fields(base), "disabled": frozenset({"jargon"}), "severity": (("shouting", "info"),)}
    )
    text = "SSO IS BROKEN AGAIN"
    assert {f.rule for f in check(text)} == {"jargon", "shouting"}
    assert [(f.rule, f.severity) for f in check(text, config=quiet)] == [("shouting", "info")]


def test_every_rule_id_is_documented() -> None:
    import studio.text.checks as module

    for rule in RULE_IDS:
        assert f"`{rule}`" in (module.__doc__ or "")


def test_phrases_need_spaces_between_words_and_endings_only_at_the_end() -> None:
    text = "Stra\u00dfe: DNS, propagation. Users error"
    assert [text[f.start : f.end] for f in _only(text, "jargon")] == ["DNS", "Users"]
    assert _only(text, "inappropriate") == []  # "user error" with the ending on its first word


def test_all_caps_hashtags_are_not_shouting() -> None:
    assert _only("#SERVICEDOWN today", "shouting") == []


def test_time_rules_measures_every_rule() -> None:
    from studio.text.checks import time_rules

    timings = time_rules(OUTAGE, 3)
    assert set(timings) == set(RULE_IDS)
    assert all(t >= 0 for t in timings.values())
