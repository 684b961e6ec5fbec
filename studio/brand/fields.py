"""From one caption to the words a template shows: heading, body and an incident status."""

from __future__ import annotations

import re

from studio.brand.compose import Fields
from studio.brand.kit import STATUSES, BrandKit
from studio.brand.template import Template

__all__ = ["fields_for"]

_STATUS_PREFIX = re.compile(rf"^\s*({'|'.join(STATUSES)})\s*[:\-\u2013\u2014]\s*", re.IGNORECASE)


def fields_for(kit: BrandKit, template: Template, caption: str, status: str | None) -> tuple[Fields, str]:
    """The template fields and the status for a caption.

    A caption that starts with a status word ("Resolved: Wi-Fi is back") sets the status and loses the prefix,
    unless `status` is given. A caption with several lines has its first line as the heading; otherwise the
    heading is the template's default ("Tech Tip").
    """
    text = caption.strip()
    match = _STATUS_PREFIX.match(text)
    if match:
        status = status or match.group(1).lower()
        text = text[match.end() :]
    status = status or STATUSES[0]
    if "\n" in text:
        heading, body = (part.strip() for part in text.split("\n", 1))
    else:
        heading, body = template.default_heading, text
    help_desk = re.sub(r"^https?://", "", kit.help_desk_url).rstrip("/")
    fields = Fields(caption=text, heading=heading, body=body, status=status.upper(), help_desk=help_desk)
    return fields, status
