"""The text engine: per-network counting, thread splitting, Bluesky facets and content checks (no Qt).

count(text, "x") -> Count            count_all(text) -> {network id: Count}
split(text, "bluesky", numbering=True) -> [part, ...]
bluesky_facets(text) -> [Facet, ...]  (UTF-8 byte offsets)
check(text, network_ids=[...], config=CheckConfig.load(kit_dir)) -> [Finding, ...]
"""

from __future__ import annotations

from studio.text.checks import RULE_IDS, Finding, check
from studio.text.config import CheckConfig, IdPattern
from studio.text.counting import Count, count, count_all
from studio.text.facets import Facet, bluesky_facets
from studio.text.splitting import SPLIT_MARKER, split

__all__ = [
    "RULE_IDS",
    "SPLIT_MARKER",
    "CheckConfig",
    "Count",
    "Facet",
    "Finding",
    "IdPattern",
    "bluesky_facets",
    "check",
    "count",
    "count_all",
    "split",
]
