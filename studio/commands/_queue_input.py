"""What `studio queue add` and `queue edit` are told, read and checked before anything is stored.

The text (`--text`, `--text-file`), each network's own text (`--text-for`, `--text-file-for`) and picture
format (`--format-for`), the pictures with their alt text, template and caption (the n-th `--alt`,
`--template` and `--caption` belong to the n-th picture). Usage mistakes argparse can see (a network or
format that does not exist) are usage errors (exit 2); the rest are InputErrors naming the flag and the fix.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from studio.errors import InputError
from studio.platforms import FORMATS, NETWORKS

if TYPE_CHECKING:
    from studio.store import Account, Store
    from studio.workflows.scheduling import Problem

__all__ = [
    "check_networks",
    "check_templates",
    "format_choice",
    "main_text",
    "network_text",
    "own_formats",
    "own_texts",
    "picture_looks",
    "print_refusal",
    "rule",
]

_NETWORK_IDS = tuple(n.id for n in NETWORKS)
_NAMES = {n.id: n.name for n in NETWORKS}


def rule(text: str) -> str:
    """A content rule's id, for `--allow` (the checks load only when it is given)."""
    from studio.text import RULE_IDS

    if text not in RULE_IDS:
        raise argparse.ArgumentTypeError(f"{text!r} is not a content rule (rules: {', '.join(RULE_IDS)})")
    return text


def network_text(text: str) -> tuple[str, str]:
    """`NETWORK=TEXT` (or `NETWORK=FILE`) as (network id, the rest), the network checked."""
    network, value = _split(text, "VALUE")
    return network, value


def format_choice(text: str) -> tuple[str, str]:
    """`NETWORK=FORMAT_ID`, the format one of that network's (`studio.platforms.FORMATS`)."""
    network, fmt = _split(text, "FORMAT_ID")
    choices = [f.id for f in FORMATS if f.network == network]
    if fmt not in choices:
        raise argparse.ArgumentTypeError(
            f"{_short(text)!r}: {fmt!r} is not one of {_NAMES[network]}'s formats "
            f"(choose one of: {', '.join(choices)})"
        )
    return network, fmt


def _split(text: str, what: str) -> tuple[str, str]:
    network, equals, value = text.partition("=")
    network = network.strip().lower()
    if not equals or not network:
        raise argparse.ArgumentTypeError(f"{_short(text)!r}: not NETWORK={what} (e.g. x={what})")
    if network not in _NETWORK_IDS:
        raise argparse.ArgumentTypeError(
            f"{_short(text)!r}: {network!r} is not a network (networks: {', '.join(_NETWORK_IDS)})"
        )
    return network, value


def _short(text: str) -> str:
    return text if len(text) <= 40 else f"{text[:37]}..."


def main_text(text: str | None, text_file: Path | None) -> str | None:
    """The post's text from `--text` or `--text-file` (None when neither is given); empty is refused."""
    from studio.commands._input import STDIN, TEXT_LIMIT, read_input
    from studio.text import check_size

    if text_file is not None:
        field = f"--text-file {text_file}"
        body = read_input(text_file, limit=TEXT_LIMIT, field=field, fix="save the text as UTF-8")
        if str(text_file) == STDIN:
            field = "standard input"
    elif text is not None:
        body, field = text, "--text"
    else:
        return None
    body = body.strip()
    if not body:
        raise InputError(field, "the post's text is empty", "write something to post")
    check_size(body, field=field)
    return body


def own_texts(texts: Sequence[tuple[str, str]], files: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Each network's own text from `--text-for` and `--text-file-for`; empty means "same as all"."""
    from studio.commands._input import TEXT_LIMIT, read_input
    from studio.text import check_size

    given: dict[str, str] = {}
    pairs = [(n, v, f"--text-for {n}") for n, v in texts]
    pairs += [(n, v, f"--text-file-for {n}") for n, v in files]
    for network, value, flag in pairs:
        if network in given:
            raise InputError(flag, "gives this network's text twice", "give each network's text once")
        if flag.startswith("--text-file-for"):
            if not value:
                raise InputError(flag, "names no file", f"write it as {network}=FILE")
            value = read_input(
                Path(value), limit=TEXT_LIMIT, field=f"{flag}={value}", fix="save the text as UTF-8"
            )
        given[network] = value.strip()
        check_size(given[network], field=flag)
    return given


def own_formats(formats: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Each network's picture format from `--format-for`, each network once."""
    chosen: dict[str, str] = {}
    for network, fmt in formats:
        if network in chosen and chosen[network] != fmt:
            raise InputError(
                f"--format-for {network}", "gives two formats for one network", "give one format per network"
            )
        chosen[network] = fmt
    return chosen


def check_networks(given: Mapping[str, Iterable[str]], accounts: Sequence[Account]) -> None:
    """Refuse a network named by a flag (`--text-for`: [networks]) that none of the accounts is on."""
    on = {a.network for a in accounts}
    for flag, networks in given.items():
        for network in networks:
            if network not in on:
                name = _NAMES[network]
                raise InputError(
                    f"{flag} {network}",
                    f"none of the post's accounts is on {name}",
                    f"add a {name} account with --account, or leave {flag} {network} out",
                )


def picture_looks(
    pictures: int,
    templates: Sequence[str],
    captions: Sequence[str],
    *,
    before: Sequence[tuple[str, str]] = (),
) -> list[tuple[str, str]]:
    """(template, caption) of each picture: the n-th `--template` and `--caption` are the n-th's.

    `before` holds what the pictures had (`queue edit`): a picture not given a value keeps its own.
    """
    for flag, values in (("--template", templates), ("--caption", captions)):
        if len(values) > pictures:
            raise InputError(
                flag,
                f"{len(values)} given for {pictures} picture(s)",
                f"give at most one {flag} per picture, in the pictures' order",
            )
    looks = []
    for n in range(pictures):
        old_template, old_caption = before[n] if n < len(before) else ("", "")
        template = templates[n].strip() if n < len(templates) else old_template
        caption = captions[n].strip() if n < len(captions) else old_caption
        if caption and not template:
            raise InputError(
                f"--caption {caption[:20]!r}",
                f"picture {n + 1} has a caption but no template to draw it in",
                f"give picture {n + 1} a --template (e.g. photo)",
            )
        looks.append((template, caption))
    return looks


def check_templates(store: Store, templates: Iterable[str]) -> None:
    """Each named template is one of the workspace kit's (the kit loads only when one is named)."""
    wanted = [t for t in templates if t]
    if not wanted:
        return
    from studio.workflows.kits import workspace_kit

    kit = workspace_kit(store)
    known = [t.name for t in kit.templates]
    for template in wanted:
        if template not in known:
            raise InputError(
                f"--template {_short(template)!r}",
                f"not a template of the kit {kit.name}",
                f"use one of: {', '.join(known)}",
            )


def print_refusal(problems: Iterable[Problem]) -> None:
    """One `error: <what>: <why> (<fix>)` line per problem on stderr; an allowable one names its `--allow`."""
    for problem in problems:
        fix = problem.fix
        if problem.allowable:
            fix += f", or --allow {problem.rule} to post it anyway"
        print(f"error: {problem.what}: {problem.why} ({fix})", file=sys.stderr)
