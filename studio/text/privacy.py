"""The rules about people: `personal-data` and `support-in-public` (see `studio.text.checks`)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qsl, urlsplit

import regex

from studio.text.context import Context, Raw, contact_key

__all__ = ["personal_data", "support_in_public"]

_PHONE = regex.compile(
    r"(?<![\w/.:+-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{2,5}(?:[ .-]\d{2,6}){1,4}(?![\w/:-]|[.,]\d)"
)
_DATE = regex.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}\s*[-\u2013]\s*\d{2,4}")
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4 = regex.compile(rf"(?<![\w.])(?:{_OCTET}\.){{3}}{_OCTET}(?![\w]|\.\d)")
_IPV6 = regex.compile(
    r"(?<![\w:])(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}(?![\w:])"
    r"|(?<![\w:])[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?(?![\w:])",
    regex.IGNORECASE,
)
_IPV6_HINT = regex.compile(r":[0-9a-f]{1,4}:[0-9a-f]{1,4}:", regex.IGNORECASE)
_SECRET_KEY = regex.compile(
    r"(?:\w*token\w*|\w*session\w*|sid|jsessionid|phpsessid|auth\w*|code|key|api_?key|access_?key|password|"
    r"passwd|pwd|secret|client_secret|signature|sig|ticket|otp|saml\w*)",
    regex.IGNORECASE,
)
_ASK = regex.compile(
    r"\b(?:send|dm|message|give|tell|share|post|e-?mail|reply with|drop)\b"
    r"(?:\s+[\w']+){0,4}?\s+(?:your|ur)\s+"
    r"(?:(?:current|old|new|full)\s+)?(?:password|passcode|pin|login details|credentials|mfa code|"
    r"verification code|one-time code|2fa code|security code|auth code|student (?:id|number)|"
    r"staff (?:id|number)|id number|date of birth|dob|account (?:number|details|info)|username|user name)\b"
    r"|\bwhat(?:'s|\u2019s|\s+is)\s+your\s+"
    r"(?:password|pin|passcode|username|student (?:id|number)|date of birth)\b",
    regex.IGNORECASE,
)
_WALKTHROUGH = regex.compile(
    r"\b(?:try|please|you (?:can|could|should|need to|have to)|just|then|first)\s+"
    r"(?:clearing|clear|restarting|"
    r"restart|resetting|reset|reinstalling|reinstall|uninstalling|uninstall|deleting|delete|removing|remove|"
    r"logging out|log out|signing out|sign out|rebooting|reboot|forgetting|forget|re-?entering|re-?enter|"
    r"disabling|disable|turning off|turn off|turning it off)\b"
    r"|\b(?:go to|open|click(?: on)?|tap(?: on)?|navigate to)\s+(?:the\s+)?"
    r"(?:settings|preferences|control panel)\b"
    r"|\bclear (?:your|the) (?:cache|cookies|browser)\b",
    regex.IGNORECASE,
)
# A numbered step at the start of a line, or right after the mention that opens a reply.
_STEP = regex.compile(
    r"(?:(?<=\n)|(?<=\A\s*[@\uff20][\w.@-]+\s+)|\A)[ \t]*(?:step\s*)?[1-9][.)][ \t]+\S[^\n]*", regex.I
)


def personal_data(ctx: Context) -> Iterator[Raw]:
    text, allowed = ctx.text, ctx.compiled.allowed
    fix = "Remove it; if the person needs help, continue at the help desk"
    taken: list[tuple[int, int]] = []
    for start, end in ctx.emails:
        if contact_key(text[start:end]) not in allowed:
            taken.append((start, end))
            yield start, end, "E-mail address in a public post", fix, "error"
    patterns = [_IPV4] if "." in text else []
    if "::" in text or _IPV6_HINT.search(text):
        patterns.append(_IPV6)
    for pattern in patterns:
        for m in pattern.finditer(text):
            if not ctx.in_entity(*m.span()) or any(s <= m.start() < e for s, e in ctx.urls):
                taken.append(m.span())
                yield m.start(), m.end(), "IP address in a public post", "Leave it out", "error"
    for name, pattern in ctx.compiled.ids:
        for m in pattern.finditer(text):
            taken.append(m.span())
            yield m.start(), m.end(), f"Looks like a {name}", fix, "error"
    for m in _PHONE.finditer(text):
        digits = sum(c.isdigit() for c in m[0])
        if not 7 <= digits <= 15 or _DATE.fullmatch(m[0]) or ctx.in_entity(*m.span()):
            continue
        if contact_key(m[0]) in allowed or any(s < m.end() and m.start() < e for s, e in taken):
            continue
        yield m.start(), m.end(), "Phone number in a public post", fix, "error"
    for start, end in ctx.urls:
        key = _secret_in_url(text[start:end])
        if key:
            yield (
                start,
                end,
                f"This link carries a token or session id ({key}=…): whoever opens it may act as that person",
                "Share the page's plain address, without the query",
                "error",
            )


def _secret_in_url(url: str) -> str | None:
    parts = urlsplit(url if "://" in url else "https://" + url)
    pairs = parse_qsl(parts.query, keep_blank_values=True) + parse_qsl(parts.fragment, keep_blank_values=True)
    pairs += [tuple(p.split("=", 1)) for p in parts.path.split(";")[1:] if "=" in p]  # type: ignore[misc]
    for key, value in pairs:
        if value and _SECRET_KEY.fullmatch(key):
            return str(key)
    return None


def support_in_public(ctx: Context) -> Iterator[Raw]:
    where = (
        f"the help desk: {ctx.help_desk_url}"
        if ctx.help_desk_url
        else "the help desk (set help_desk_url in the kit)"
    )
    for m in _ASK.finditer(ctx.text):
        yield (
            m.start(),
            m.end(),
            "Asks for a password, code or account details in public",
            f"Never ask for these; answer kindly and point to {where}",
            "error",
        )
    if not ctx.reply:
        return
    steps = list(_STEP.finditer(ctx.text))
    if len(steps) >= 2:
        yield (
            steps[0].start() + len(steps[0][0]) - len(steps[0][0].lstrip()),
            steps[-1].end(),
            "Numbered steps for one person's problem, in public",
            f"Answer kindly and move the case to {where}",
            "warning",
        )
    for m in _WALKTHROUGH.finditer(ctx.text):
        start = m.start() + (len(m[0]) - len(m[0].lstrip()))
        yield (
            start,
            m.end(),
            "Walks a person through a fix in public",
            f"Answer kindly and move the case to {where}",
            "warning",
        )
