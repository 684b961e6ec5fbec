"""What an inbox item is, as the text engine reads it: a support case, personal data to mask, a ready reply.

    classify("what's your password policy, my student ID is 20231234")
        -> (True, ["student or staff ID", "support: password", "support: my student id"])
    masked("my student ID is 20231234")  -> "my student ID is ••••••••"
    ready_text(kind_network="mastodon", handle="@kim", support=True, help_desk_url="https://help.example.edu")

Personal data is what the `personal-data` check finds in a post (e-mail addresses, phone numbers, student and
staff IDs, IP addresses, links with tokens), always on here even when a kit switches the rule off for posts.
A support case is an item with a phrase from `assets/text/support-phrases.txt` ("can't log in", "password",
"reset", ...) or an ID number in it.
"""

from __future__ import annotations

import functools
from dataclasses import replace

from studio.text import CheckConfig, check
from studio.text._assets import ASSETS_DIR
from studio.text.phrases import PhraseIndex, tokens

__all__ = ["MASK", "classify", "masked", "private_spans", "ready_text"]

MASK = "\u2022"  # one bullet per hidden character
_PHRASES_FILE = "support-phrases.txt"
_KINDS = (  # the personal-data check's message -> a short name for the finding
    ("E-mail address", "e-mail address"),
    ("IP address", "IP address"),
    ("Phone number", "phone number"),
    ("This link carries a token", "link with a token or session id"),
)
_ID_PREFIX = "Looks like a "


@functools.cache
def _phrases() -> PhraseIndex:
    lines = (ASSETS_DIR / _PHRASES_FILE).read_text(encoding="utf-8").splitlines()
    return PhraseIndex((ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")), ("s",))


@functools.cache
def _default_config() -> CheckConfig:
    return CheckConfig.load(None)


def _config(config: CheckConfig | None) -> CheckConfig:
    base = config or _default_config()
    return replace(base, disabled=base.disabled - {"personal-data"}) if base.disabled else base


def _personal(text: str, config: CheckConfig | None) -> list[tuple[int, int, str]]:
    """(start, end, short name) of each piece of personal data in `text`."""
    found = []
    for finding in check(text, config=_config(config), reply=False):
        if finding.rule != "personal-data":
            continue
        if finding.message.startswith(_ID_PREFIX):
            name = finding.message.removeprefix(_ID_PREFIX)
        else:
            name = next(
                (short for head, short in _KINDS if finding.message.startswith(head)), "personal data"
            )
        found.append((finding.start, finding.end, name))
    return found


def classify(text: str, config: CheckConfig | None = None) -> tuple[bool, list[str]]:
    """(looks like a support case, findings): personal data by kind, then the support phrases it uses."""
    personal = _personal(text, config)
    findings = list(dict.fromkeys(name for _s, _e, name in personal))
    plain = text.replace("\u2019", "'")  # a typographic apostrophe reads as "'"
    phrases = [phrase for _s, _e, phrase in _phrases().find(plain, tokens(plain))]
    findings += list(dict.fromkeys(f"support: {phrase}" for phrase in phrases))
    has_id = any(kind not in dict(_KINDS).values() and kind != "personal data" for _s, _e, kind in personal)
    return bool(phrases) or has_id, findings


def private_spans(text: str, config: CheckConfig | None = None) -> list[tuple[int, int]]:
    """The spans to hide: the value of each piece of personal data (an ID's number, not its label)."""
    spans = []
    for start, end, _name in _personal(text, config):
        value_start = start
        for word_start, _word_end, word in tokens(text[start:end]):
            if any(c.isdigit() for c in word):
                if any(c.isalpha() for c in text[start : start + word_start]):  # a label ("student ID is")
                    value_start = start + word_start
                break
        spans.append((value_start, end))
    return spans


def masked(text: str, config: CheckConfig | None = None) -> str:
    """`text` with each private span's letters and digits replaced by bullets (spaces and layout kept)."""
    chars = list(text)
    for start, end in private_spans(text, config):
        for i in range(start, end):
            if not chars[i].isspace():
                chars[i] = MASK
    return "".join(chars)


def ready_text(*, network: str, handle: str, support: bool, help_desk_url: str) -> str:
    """The ready reply to a support item (empty for others): to the help desk, no details in public.

    On Mastodon it starts with the author's @handle (without it Mastodon does not notify them); on Bluesky
    a reply notifies the author by itself.
    """
    if not support:
        return ""
    where = f"our help desk: {help_desk_url}" if help_desk_url else "our help desk directly"
    text = (
        f"Thanks for reaching out! So we can help you safely, please contact {where} and they will "
        "take it from there. Please don't post passwords, ID numbers or other personal details here."
    )
    return f"{address(network, handle)}{text}"


def address(network: str, handle: str) -> str:
    """What a reply starts with to reach the author: `@handle ` on Mastodon, nothing elsewhere."""
    if network != "mastodon" or not handle.strip():
        return ""
    return f"@{handle.strip().lstrip('@')} "
