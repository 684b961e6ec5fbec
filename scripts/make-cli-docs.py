"""Write the command reference of docs/cli.md from the real argparse parsers (`studio.cli.build_parser`).

The part of docs/cli.md above the marker line (the task-oriented examples) is written by hand and kept as it
is; everything below the marker is generated here. `tests/unit/test_cli_docs.py` fails when the committed
file differs from what this script writes, so the reference cannot drift from the parsers:

    .venv/bin/python scripts/make-cli-docs.py          # rewrite docs/cli.md
    .venv/bin/python scripts/make-cli-docs.py --check  # exit 1 if docs/cli.md is out of date

The reference is rendered here rather than copied from `--help`, whose layout changes between Python
releases and with the terminal's width.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "cli.md"
MARKER = "<!-- Generated below by scripts/make-cli-docs.py from the parsers: do not edit by hand. -->"
_WIDTH = 100


def _subcommands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction | None:  # type: ignore[type-arg]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return None


def _arg_name(action: argparse.Action) -> str:
    """How an argument is written in a synopsis: `--out DIR`, `--json`, `IMG [IMG ...]`."""
    if isinstance(action, argparse._SubParsersAction):
        word = f"{action.metavar or 'COMMAND'} ..."
        return word if action.required else f"[{word}]"
    if action.option_strings:
        flag = max(action.option_strings, key=len)  # the long spelling reads best
        if action.nargs == 0:
            return flag
        return f"{flag} {_metavar(action)}"
    value = _metavar(action)
    if action.nargs == "?":
        return f"[{value}]"
    if action.nargs == "*":
        return f"[{value} ...]"
    if action.nargs == "+":
        return f"{value} [{value} ...]"
    return value


def _metavar(action: argparse.Action) -> str:
    if isinstance(action.metavar, str):
        return action.metavar
    if action.choices is not None:
        return "{" + ",".join(str(c) for c in action.choices) + "}"
    return action.dest.upper() if action.option_strings else action.dest


def _hidden(action: argparse.Action) -> bool:
    """`-h` (every command has it) and arguments kept out of `--help` on purpose."""
    return isinstance(action, argparse._HelpAction) or action.help == argparse.SUPPRESS


def _visible(sub: argparse._SubParsersAction) -> dict[str, tuple[argparse.ArgumentParser, str]]:  # type: ignore[type-arg]
    """Each subcommand `--help` lists, with its one-line summary."""
    summaries = {a.dest: a.help or "" for a in sub._choices_actions}
    return {
        name: (parser, summaries.get(name, ""))
        for name, parser in sub.choices.items()
        if summaries.get(name) != argparse.SUPPRESS
    }


def _repeated(action: argparse.Action) -> bool:
    return isinstance(action, argparse._AppendAction | argparse._AppendConstAction | argparse._CountAction)


def _synopsis_parts(parser: argparse.ArgumentParser) -> list[str]:
    """Each argument (or mutually exclusive group) as one synopsis word, in the parser's order."""
    groups = {id(a): g for g in parser._mutually_exclusive_groups for a in g._group_actions}
    parts: list[str] = []
    done: set[int] = set()
    for action in parser._actions:
        if _hidden(action) or id(action) in done:
            continue
        group = groups.get(id(action))
        if group is not None:
            members = [a for a in group._group_actions if not _hidden(a)]
            done.update(id(a) for a in members)
            inner = " | ".join(_arg_name(a) for a in members)
            parts.append(f"({inner})" if group.required else f"[{inner}]")
            continue
        word = _arg_name(action)
        if action.option_strings and not action.required:
            word = f"[{word}]"
        if _repeated(action):
            word += "..."
        parts.append(word)
    return parts


def _synopsis(prog: str, parser: argparse.ArgumentParser) -> str:
    """The synopsis, wrapped between arguments (never inside one) and indented under the first."""
    lines = [prog]
    for part in _synopsis_parts(parser):
        if len(lines[-1]) + 1 + len(part) > _WIDTH and lines[-1].strip():
            lines.append(" " * len(prog))
        lines[-1] += " " + part
    return "\n".join(lines)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _help(action: argparse.Action) -> str:
    text = action.help or ""
    if "%(" in text:
        text = text % {**vars(action), "prog": "studio"}
    notes = []
    if action.required and action.option_strings:
        notes.append("required")
    if _repeated(action) and "repeat" not in text:
        notes.append("repeatable")
    if action.metavar is not None and action.choices is not None and not text:
        notes.append("one of " + ", ".join(str(c) for c in action.choices))
    if notes:
        text = f"{text} ({'; '.join(notes)})" if text else "; ".join(notes)
    return text


def _arguments_table(parser: argparse.ArgumentParser) -> list[str]:
    rows = []
    for action in parser._actions:
        if _hidden(action) or isinstance(action, argparse._SubParsersAction):
            continue
        if action.option_strings:
            flags = ", ".join(action.option_strings)
            name = flags if action.nargs == 0 else f"{flags} {_metavar(action)}"
        else:
            name = _metavar(action)
        rows.append(f"| `{_cell(name)}` | {_cell(_help(action))} |")
    if not rows:
        return []
    return ["| argument | meaning |", "|---|---|", *rows, ""]


def _command(prog: str, parser: argparse.ArgumentParser, summary: str, depth: int) -> list[str]:
    out = [f"{'#' * depth} `{prog}`", ""]
    if summary:
        out += [_cell(summary[0].upper() + summary[1:]) + ".", ""]
    if parser.description:
        out += [_cell(parser.description), ""]
    out += ["```", _synopsis(prog, parser), "```", ""]
    out += _arguments_table(parser)
    if parser.epilog:
        out += [_cell(parser.epilog), ""]
    sub = _subcommands(parser)
    if sub is not None:
        for name, (child, summary) in _visible(sub).items():
            out += _command(f"{prog} {name}", child, summary, min(depth + 1, 4))
    return out


def reference() -> str:
    """The generated part of docs/cli.md: the marker, a contents list and every command."""
    sys.path.insert(0, str(REPO))
    from studio.cli import build_parser

    parser = build_parser()
    sub = _subcommands(parser)
    assert sub is not None
    commands = _visible(sub)
    out = [MARKER, "", "## Reference", ""]
    out += ["```", _synopsis("studio", parser), "```", "", _cell(parser.description or ""), ""]
    out += ["| command | what it does |", "|---|---|"]
    out += [
        f"| [`studio {name}`](#studio-{name}) | {_cell(summary)} |" for name, (_, summary) in commands.items()
    ]
    out.append("")
    for name, (child, summary) in commands.items():
        out += _command(f"studio {name}", child, summary, 3)
    return "\n".join(out).rstrip("\n") + "\n"


def expected(current: str) -> str:
    """docs/cli.md as it should be: the hand-written part of `current`, then the generated reference."""
    head, found, _ = current.partition(MARKER)
    if not found:
        raise SystemExit(f"error: {DOC}: the marker line is missing (put it where the reference starts)")
    return head + reference()


def main() -> int:
    parser = argparse.ArgumentParser(description="Write docs/cli.md's command reference from the parsers.")
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/cli.md is out of date")
    args = parser.parse_args()
    current = DOC.read_text(encoding="utf-8")
    wanted = expected(current)
    if args.check:
        if wanted != current:
            print(f"{DOC.relative_to(REPO)} is out of date: run `.venv/bin/python scripts/make-cli-docs.py`")
            return 1
        return 0
    if wanted != current:
        DOC.write_text(wanted, encoding="utf-8")
        print(f"wrote {DOC.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
