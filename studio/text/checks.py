"""Content checks: what IT comms must not post, as findings with character spans.

Rule ids (stable; a kit's `checks.toml` sets severities and switches rules off):
- `empty`: nothing to post.
- `personal-data`: e-mail addresses, phone numbers, ID patterns from the config (student/staff IDs), IP
  addresses, links carrying tokens or session ids. The kit's public contacts (`[personal_data] allow`) pass.
- `support-in-public`: asking for a password, code or account details; or, in a reply (a post that starts with
  a mention), walking a person through a personal fix. Suggests the help desk (the kit's link).
- `jargon`: a term from the jargon list, with its plain-language suggestion.
- `inappropriate`: a word from the inappropriate list.
- `shouting`: a run of all-caps words with at least `shouting_min_letters` capitals and a word of 5+
  letters.
- `hashtag-case`: a one-case hashtag of `hashtag_case_min_letters`+ letters that is not one known
  word: screen readers cannot split `#techtiptuesday`; CamelCase (`#TechTipTuesday`) reads well.
- `hashtag-count`: more hashtags than a network allows (error) or advises, or than `hashtag_max` (warning).
- `emoji-count`: more than `emoji_max` emoji (each is read aloud by screen readers).
- `reading-level`: Flesch-Kincaid grade above `reading_level` (see `studio.text.readability` for the formula),
  for posts of at least `reading_level_min_words` words.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from studio.text.config import RULE_IDS, CheckConfig
from studio.text.rules import RULES, Context

__all__ = ["RULE_IDS", "Finding", "check", "time_rules"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in a post: `start`/`end` are character offsets into the text."""

    rule: str
    severity: str  # error | warning | info
    start: int
    end: int
    message: str
    suggestion: str | None = None


def check(
    text: str,
    *,
    network_ids: Iterable[str] | None = None,
    config: CheckConfig | None = None,
    help_desk_url: str | None = None,
    reply: bool | None = None,
) -> list[Finding]:
    """Every finding for `text`, by position.

    `reply=None` treats a post that starts with a mention as a reply; `help_desk_url` overrides the config's.
    """
    context = Context.build(text, network_ids, config or CheckConfig.load(None), help_desk_url, reply)
    findings: list[Finding] = []
    for rule_id, rule in RULES.items():
        if rule_id in context.config.disabled:
            continue
        findings.extend(_finding(rule_id, context, raw) for raw in rule(context))
    findings.sort(key=lambda f: (f.start, f.end, RULE_IDS.index(f.rule)))
    return findings


def time_rules(text: str, repeat: int, network_ids: Iterable[str] | None = None) -> dict[str, float]:
    """Median seconds each rule takes on `text` (for the benchmark's slowest-rule column)."""
    context = Context.build(text, network_ids, CheckConfig.load(None), None, None)
    result = {}
    for rule_id, rule in RULES.items():
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            list(rule(context))
            samples.append(time.perf_counter() - started)
        samples.sort()
        result[rule_id] = samples[len(samples) // 2]
    return result


def _finding(rule_id: str, context: Context, raw: tuple[int, int, str, str | None, str]) -> Finding:
    start, end, message, suggestion, default = raw
    return Finding(rule_id, context.config.severity_of(rule_id, default), start, end, message, suggestion)


_Rule = Callable[[Context], Iterable[tuple[int, int, str, str | None, str]]]
