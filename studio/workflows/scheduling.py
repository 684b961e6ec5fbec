"""Can this post go out, and if not, why: the one set of guardrails every front end asks (Issue 13 item 6).

`check_post(plan, now=...)` looks at each delivery (an account on a network) of a planned post: the text
that network gets and its thread parts, counted as the network counts (`studio.text.count`); the number of
pictures; alt text present and within the network's limit; error-level content findings
(`studio.text.check`); a time in the past; no account at all. Numbers come from `studio.platforms` and the
account's own options.

An error-level finding can be overridden on purpose by naming its rule in `allow`: it is then returned in
`Verdict.allowed`, for the caller to keep in the post's audit, instead of in `Verdict.problems`.
Picture bytes and pixels are not checked here: the publisher fits each picture to its network as it goes out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from studio.errors import InputError
from studio.platforms import Network, network_by_id

if TYPE_CHECKING:
    from studio.store import Account
    from studio.text import CheckConfig

__all__ = ["Picture", "Plan", "Problem", "Target", "Verdict", "check_post", "target_of", "thread_for"]


@dataclass(frozen=True, slots=True)
class Target:
    """One delivery to check: an account on a network, with the account's own limits (None: the network's)."""

    network: str
    account: str
    limit: int | None = None
    url_length: int | None = None
    max_images: int | None = None


def target_of(account: Account) -> Target:
    """A stored account as a delivery to check, with its own limits (Mastodon instances set theirs)."""
    options = account.options
    return Target(
        account.network, account.name, options.max_characters, options.url_length, options.max_images
    )


@dataclass(frozen=True, slots=True)
class Picture:
    """One attached picture, as far as the guardrails need it."""

    alt: str


@dataclass(frozen=True, slots=True)
class Plan:
    """A post as it would be scheduled; `text_for` holds a network's own text where it has one."""

    text: str
    targets: tuple[Target, ...]
    pictures: tuple[Picture, ...] = ()
    when: datetime | None = None  # None: now
    text_for: Mapping[str, str] = field(default_factory=dict)

    def text_on(self, network: str) -> str:
        """The text `network` gets (before thread splitting)."""
        return self.text_for.get(network) or self.text


@dataclass(frozen=True, slots=True)
class Problem:
    """Why one delivery (or the whole post: `account` None) cannot go out, and the fix.

    `rule` is stable: `no-account`, `past`, `text-length`, `image-count`, `image-required`, `alt-missing`,
    `alt-length`, or a content rule of `studio.text.check` (`personal-data`, ...), which `allowable` marks as
    one the person may override on purpose.
    """

    network: str | None
    account: str | None
    rule: str
    what: str
    why: str
    fix: str
    allowable: bool = False

    def line(self) -> str:
        """`<what>: <why> (<fix>)`, as the command line prints it after `error: `."""
        return f"{self.what}: {self.why} ({self.fix})"


@dataclass(frozen=True, slots=True)
class Verdict:
    """The answer: what blocks the post, which findings were allowed on purpose, and each network's thread."""

    problems: tuple[Problem, ...]
    allowed: tuple[Problem, ...]
    parts: Mapping[str, tuple[str, ...]]

    @property
    def ok(self) -> bool:
        """Nothing blocks the post."""
        return not self.problems


def check_post(
    plan: Plan,
    *,
    now: datetime,
    allow: Iterable[str] = (),
    checks: CheckConfig | None = None,
) -> Verdict:
    """Every reason `plan` cannot be scheduled at `now`, per delivery; `allow` names content rules overridden.

    `checks` is the kit's `studio.text.CheckConfig` (None: the defaults).
    """
    problems: list[Problem] = []
    if not plan.targets:
        problems.append(
            Problem(None, None, "no-account", "accounts", "none chosen", "pick at least one account")
        )
    if plan.when is not None and plan.when < now:
        problems.append(
            Problem(
                None, None, "past", "time", f"{plan.when.isoformat(timespec='minutes')} is in the past",
                "pick a later time, or post now",
            )
        )  # fmt: skip
    parts: dict[str, tuple[str, ...]] = {}
    for network in sorted({t.network for t in plan.targets}):
        mine = [t for t in plan.targets if t.network == network]
        try:
            parts[network] = thread_for(plan.text_on(network), network, mine)
        except InputError as error:  # a word or link longer than a whole post cannot be split
            problems += [_unsplittable(target, error) for target in mine]
            continue
        for target in mine:
            problems += _delivery_problems(plan, target, parts[network])
    findings = _findings(plan, checks)
    allowed_rules = frozenset(allow)
    allowed = tuple(p for p in findings if p.rule in allowed_rules)
    problems += [p for p in findings if p.rule not in allowed_rules]
    return Verdict(tuple(problems), allowed, parts)


def thread_for(text: str, network: str, targets: Sequence[Target]) -> tuple[str, ...]:
    """The parts `network` gets; where accounts differ (Mastodon instances), the tightest limit wins."""
    from studio.text import parts_for

    limit, url_length = _limits(targets)
    return parts_for(text, network, limit=limit, url_length=url_length)


def _limits(targets: Sequence[Target]) -> tuple[int | None, int | None]:
    limit = min((t.limit for t in targets if t.limit), default=None)
    url_length = max((t.url_length for t in targets if t.url_length), default=None)
    return limit, url_length


def _unsplittable(target: Target, error: InputError) -> Problem:
    where = f"{target.account} ({network_by_id(target.network).name})"
    return Problem(
        target.network, target.account, "text-length", f"{where}, {error.what}", error.why, error.fix
    )


def _delivery_problems(plan: Plan, target: Target, parts: tuple[str, ...]) -> list[Problem]:
    from studio.text import count

    info = network_by_id(target.network)
    where = f"{target.account} ({info.name})"
    problems = []
    for number, text in enumerate(parts, 1):
        counted = count(text, target.network, limit=target.limit, url_length=target.url_length)
        if not counted.ok:
            part = f"part {number} of the thread" if len(parts) > 1 else "the text"
            why = "; ".join(counted.problems) or f"{part} counts {counted.length:,} of {counted.limit:,}"
            problems.append(
                Problem(
                    target.network, target.account, "text-length", f"{where}, {part}", why,
                    "shorten it, or leave that account out",
                )
            )  # fmt: skip
    problems += _picture_problems(plan.pictures, target, info, where)
    return problems


def _picture_problems(
    pictures: Sequence[Picture], target: Target, info: Network, where: str
) -> list[Problem]:
    problems = []
    most = target.max_images or info.max_images
    if len(pictures) > most:
        problems.append(
            Problem(
                target.network, target.account, "image-count", where,
                f"{len(pictures)} pictures, {info.name} takes {most}", "choose fewer pictures",
            )
        )  # fmt: skip
    if info.id == "instagram" and not pictures:
        problems.append(
            Problem(
                target.network, target.account, "image-required", where,
                "Instagram posts need at least one picture", "add a picture",
            )
        )  # fmt: skip
    for n, picture in enumerate(pictures, 1):
        alt = picture.alt.strip()
        if not alt:
            problems.append(
                Problem(
                    target.network, target.account, "alt-missing", f"{where}, picture {n}",
                    "has no alt text (people using screen readers could not know what it shows)",
                    "describe what the picture shows",
                )
            )  # fmt: skip
        elif info.alt_text_limit is not None and len(alt) > info.alt_text_limit:
            problems.append(
                Problem(
                    target.network, target.account, "alt-length", f"{where}, alt text of picture {n}",
                    f"{len(alt):,} characters, {info.name} takes {info.alt_text_limit:,}",
                    "shorten the description",
                )
            )  # fmt: skip
    return problems


def _findings(plan: Plan, config: CheckConfig | None) -> list[Problem]:
    """Error-level content findings, once per distinct text (most networks share the main text)."""
    from studio.text import check

    by_text: dict[str, list[str]] = {plan.text: []} if not plan.targets else {}
    for network in sorted({t.network for t in plan.targets}):
        by_text.setdefault(plan.text_on(network), []).append(network)
    problems = []
    shared = len(by_text) == 1
    for text, networks in by_text.items():
        for finding in check(text, network_ids=networks or None, config=config):
            if finding.severity != "error":
                continue
            scope = "the text" if shared else f"the text for {', '.join(networks)}"
            problems.append(
                Problem(
                    None if shared else networks[0], None, finding.rule,
                    f"{scope}, characters {finding.start + 1}-{finding.end}", finding.message,
                    finding.suggestion or "change it", allowable=True,
                )
            )  # fmt: skip
    return problems
