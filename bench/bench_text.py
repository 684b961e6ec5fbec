"""Benchmark: the text engine on every keystroke (counting all networks + every check, 3,000 characters).

Goal (issue 3): under 5 ms median for count_all + check on a 3,000-character post. Two cases:
- keystroke: the post is typed one character at a time from 3,000 to 3,300 characters, as in the composer
  (words that did not change come from the engine's caches);
- new text: every cache is emptied before each run, as when a whole post is pasted.
The table gives medians and 95th percentiles, each as a ratio to a reference run in the same process
(segmenting the same text into graphemes with `regex`'s \\X), and each rule's median time. Each step runs
its whole sequence REPEATS times and keeps the repeat with the lowest median: other processes share the two
cores, and the best repeat is the one they disturbed least.

Goal (issue 12): splitting grows linearly, a 1 MB text in under 2 s; its row is one split of a 1 MB text,
as a ratio to segmenting that text into graphemes (the work grows with the text in both).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import regex

from studio.text import bluesky_facets, check, count_all, entities, readability, split
from studio.text.checks import time_rules

GOAL_MS = 5.0
SPLIT_GOAL_S = 2.0
SPLIT_SIZE = 1_000_000
RUNS = 300
REPEATS = 3

_PARAGRAPHS = [
    "Update 14:20: e-mail and the student portal are down for everyone on campus. We are working on it "
    "with our supplier and will post here every 30 minutes. Status: "
    "https://status.example.edu/incidents/4711 "
    "#ITStatus",
    "If you have a deadline today, your lecturer knows: the exam office has moved online submissions to "
    "Friday 17:00. Teams and the library catalogue work as usual. Questions? Ask @it-helpdesk or drop by.",
    "Tech Tip Tuesday \U0001f4a1 Lock your screen when you step away: Windows + L, or Ctrl + Cmd + Q on a "
    "Mac. It takes one second and keeps your files yours. More tips at help.example.edu/tips #TechTipTuesday",
    "Thank you for your patience \U0001f64f The cause was a failed storage controller at our data centre; "
    "nothing was lost. We will publish what happened and what we changed next week on the status page.",
]


def _post(size: int) -> str:
    text = ""
    i = 0
    while len(text) < size:
        text += _PARAGRAPHS[i % len(_PARAGRAPHS)] + "\n\n"
        i += 1
    return text[:size]


def _clear_caches() -> None:
    for cached in (
        entities._url_spans,
        entities._word_links,
        entities._emoji_spans,
        entities._mention_spans,
        entities._hashtag_spans,
        readability.syllables,
    ):
        cached.cache_clear()


def _times(fn: Callable[[str], object], texts: list[str], cold: bool = False) -> list[float]:
    fn(texts[0])  # compiled patterns and the TLD list load once per process, like in the running app
    best: list[float] = []
    for _ in range(REPEATS):
        _clear_caches()
        samples = []
        for text in texts:
            if cold:
                _clear_caches()
            started = time.perf_counter()
            fn(text)
            samples.append((time.perf_counter() - started) * 1000)
        if not best or statistics.median(samples) < statistics.median(best):
            best = samples
    return best


def main() -> int:
    base = _post(3000 + RUNS)
    typed = [base[:n] for n in range(3000, 3000 + RUNS)]  # one keystroke after another
    reference = statistics.median(_times(lambda t: regex.findall(r"\X", t), typed))

    def keystroke(text: str) -> object:
        return count_all(text), check(text)

    rows: list[tuple[str, list[float]]] = [
        ("count_all, 7 networks (keystroke)", _times(count_all, typed)),
        ("check, 10 rules (keystroke)", _times(check, typed)),
        ("count_all + check (keystroke)", _times(keystroke, typed)),
        ("count_all + check (new text)", _times(keystroke, typed, cold=True)),
        ("bluesky_facets", _times(bluesky_facets, typed)),
        ("split for x, numbered", _times(lambda t: split(t, "x", numbering=True), typed[:20])),
    ]
    print(f"text engine on a {len(typed[0])}-{len(typed[-1])}-character post, {RUNS} runs, best of {REPEATS}")
    print(f"{'step':<36} {'median ms':>10} {'p95 ms':>8} {'x reference':>12}")
    label = "reference: graphemes with \\X"
    print(f"{label:<36} {reference:>10.3f} {'':>8} {1.0:>12.1f}")
    medians = {}
    for name, samples in rows:
        median = statistics.median(samples)
        medians[name] = median
        p95 = sorted(samples)[max(int(len(samples) * 0.95) - 1, 0)]
        print(f"{name:<36} {median:>10.3f} {p95:>8.3f} {median / reference:>12.1f}")
    rules = time_rules(typed[-1], 200)
    slowest = max(rules, key=lambda r: rules[r])
    print()
    print(f"{'rule (3,300 characters)':<36} {'median ms':>10}")
    for rule, seconds in sorted(rules.items(), key=lambda kv: -kv[1]):
        print(f"{rule:<36} {seconds * 1000:>10.3f}")
    big = [_post(SPLIT_SIZE)]
    big_reference = statistics.median(_times(lambda t: regex.findall(r"\X", t), big))
    split_ms = statistics.median(_times(lambda t: split(t, "x", numbering=True), big))
    label = "split for x, numbered, 1 MB"
    print()
    print(f"{label:<36} {split_ms:>10.1f} {'':>8} {split_ms / big_reference:>12.1f}")
    keystroke_ms = medians["count_all + check (keystroke)"]
    cold_ms = medians["count_all + check (new text)"]
    verdict = "meets" if keystroke_ms < GOAL_MS else "MISSES"
    print()
    print(
        f"keystroke median {keystroke_ms:.3f} ms {verdict} the {GOAL_MS:g} ms goal "
        f"(new text: {cold_ms:.3f} ms); slowest rule: {slowest}"
    )
    verdict = "meets" if split_ms < SPLIT_GOAL_S * 1000 else "MISSES"
    print(f"1 MB split {split_ms / 1000:.2f} s {verdict} the {SPLIT_GOAL_S:g} s goal")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
