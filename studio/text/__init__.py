"""The text engine: per-network counting, thread splitting, Bluesky facets and content checks (no Qt).

count(text, "x") -> Count            count_all(text) -> {network id: Count}
split(text, "bluesky", numbering=True) -> [part, ...]
bluesky_facets(text) -> [Facet, ...]  (UTF-8 byte offsets)
check(text, network_ids=[...], config=CheckConfig.load(kit_dir)) -> [Finding, ...]
check_size(text) raises InputError past LONGEST_POST; normalize_line_ends(text) -> text with LF only
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studio.lazy import lazy_names
from studio.text.counting import Count, count, count_all
from studio.text.intake import LONGEST_POST, check_size, normalize_line_ends

if TYPE_CHECKING:
    from studio.text.checks import RULE_IDS, Finding, check
    from studio.text.config import CheckConfig, IdPattern
    from studio.text.facets import Facet, bluesky_facets
    from studio.text.splitting import SPLIT_MARKER, parts_for, split

__all__ = [
    "LONGEST_POST",
    "RULE_IDS",
    "SPLIT_MARKER",
    "CheckConfig",
    "Count",
    "Facet",
    "Finding",
    "IdPattern",
    "bluesky_facets",
    "check",
    "check_size",
    "count",
    "count_all",
    "normalize_line_ends",
    "parts_for",
    "split",
]

# Counting runs on every keystroke from the first; the checks (word lists, many patterns), the splitter and
# the facets load on first use, which the app does in its pool, not during start-up (PEP 562).
_LAZY = {
    **dict.fromkeys(("RULE_IDS", "Finding", "check"), "checks"),
    **dict.fromkeys(("CheckConfig", "IdPattern"), "config"),
    **dict.fromkeys(("Facet", "bluesky_facets"), "facets"),
    **dict.fromkeys(("SPLIT_MARKER", "parts_for", "split"), "splitting"),
}


__getattr__ = lazy_names(__name__, _LAZY, globals())
