"""`studio queue add` and `queue edit`: what the command line says the post should be, through `posting`.

`add` makes a draft and schedules it with `posting.schedule` in one transaction, so a refusal leaves nothing
behind; `edit` changes what is given and keeps the rest (`posting.change_of`), with `posting.edit`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from studio.commands._args import read_time

if TYPE_CHECKING:
    from studio.store import Post, Store

__all__ = ["add", "edit"]


def add(args: argparse.Namespace) -> int:
    """`queue add ...`: a new post, scheduled (or sent to review) behind the guardrails; prints its id."""
    import sys

    from studio.commands._queue_input import (
        check_networks,
        check_templates,
        main_text,
        own_formats,
        own_texts,
        picture_looks,
        print_refusal,
    )
    from studio.store import NewPost, PostStatus, open_store
    from studio.store.times import now_utc
    from studio.store.zones import user_zone
    from studio.workflows import posting

    body = main_text(args.text, args.text_file) or ""
    images = _check_images(args.image, args.alt)
    looks = picture_looks(len(images), args.template, args.caption)
    text_for = own_texts(args.text_for, args.text_file_for)
    format_for = own_formats(args.format_for)
    with open_store() as store:
        settings = store.settings.get()
        accounts = [store.accounts.by_name(name) for name in args.account]
        check_networks(_named_networks(args, text_for, format_for), accounts)
        check_templates(store, (t for t, _ in looks))
        now = now_utc()
        when = read_time(args.at, user_zone(settings.display_timezone), field="--at") if args.at else None
        if when is not None and when <= now:
            when = None  # in the past: due now
        status = PostStatus.SCHEDULED if settings.solo_mode else PostStatus.IN_REVIEW
        try:
            with store.db.write():  # a refusal rolls back the draft and the pictures' rows
                media = []
                for (path, alt, info), (template, caption) in zip(images, looks, strict=True):
                    item = store.media.add(path, width=info[0], height=info[1], mime=info[2], alt_text=alt)
                    media.append((item.id, template, caption))
                change = posting.PostChange(
                    body, tuple(a.id for a in accounts), when, tuple(media), text_for, format_for
                )
                draft = store.posts.create(NewPost(body, media=change.media), at=now)
                post = posting.schedule(store, draft.id, change, status, now=now, allow=args.allow)
        except posting.Refused as refused:
            print_refusal(refused.problems)
            return 1
    if status is PostStatus.IN_REVIEW:
        print(f"post {post.id} waits for review: `studio queue approve {post.id}`", file=sys.stderr)
    print(post.id)
    return 0


def _named_networks(
    args: argparse.Namespace, text_for: dict[str, str], format_for: dict[str, str]
) -> dict[str, list[str]]:
    """The networks each flag gives a value for (an emptied text names none: it is "same as all")."""
    return {
        "--text-for": [n for n, _ in args.text_for if text_for.get(n)],
        "--text-file-for": [n for n, _ in args.text_file_for if text_for.get(n)],
        "--format-for": list(format_for),
    }


def edit(args: argparse.Namespace) -> int:
    """`queue edit ID ...`: what is given replaces the post's; refused while a copy is out or on its way."""
    from studio.commands._queue_input import (
        check_networks,
        main_text,
        own_formats,
        own_texts,
        print_refusal,
    )
    from studio.errors import InputError
    from studio.store import open_store
    from studio.store.times import now_utc
    from studio.store.zones import user_zone
    from studio.workflows import posting

    given = ("text", "text_file", "text_for", "text_file_for", "format_for", "template", "caption", "at")
    if not any(getattr(args, name) for name in (*given, "account")):
        raise InputError(
            f"post {args.id}", "nothing to change was given", "give --text, --text-for, --at, --account, ..."
        )
    body = main_text(args.text, args.text_file)
    text_for = own_texts(args.text_for, args.text_file_for)
    format_for = own_formats(args.format_for)
    with open_store() as store:
        post = store.posts.get(args.id)
        old = posting.change_of(post)
        if args.account:
            accounts = [store.accounts.by_name(name) for name in args.account]
        else:
            accounts = [store.accounts.get(a) for a in old.account_ids]
        check_networks(_named_networks(args, text_for, format_for), accounts)
        now = now_utc()
        when = old.when
        if args.at:
            zone = user_zone(store.settings.get().display_timezone)
            when = read_time(args.at, zone, field="--at")
            if when <= now:
                when = None  # in the past: as soon as possible
        change = posting.PostChange(
            body if body is not None else old.text,
            tuple(a.id for a in accounts),
            when,
            _new_looks(store, post, args.template, args.caption),
            {n: t for n, t in {**old.text_for, **text_for}.items() if t},
            {**old.format_for, **format_for},
        )
        try:
            edited = posting.edit(store, post.id, change, now=now, allow=args.allow)
        except posting.Refused as refused:
            print_refusal(refused.problems)
            return 1
    print(edited.id)
    return 0


def _new_looks(
    store: Store, post: Post, templates: list[str], captions: list[str]
) -> tuple[tuple[int, str, str], ...]:
    """The post's pictures, the n-th `--template` and `--caption` given to the n-th (the rest keep theirs)."""
    from studio.commands._queue_input import check_templates, picture_looks

    rows = [(m.media.id, m.template, m.caption) for m in post.media]
    if not templates and not captions:
        return tuple(rows)
    looks = picture_looks(len(rows), templates, captions, before=[(t, c) for _, t, c in rows])
    check_templates(store, templates)
    return tuple((media_id, t, c) for (media_id, _t, _c), (t, c) in zip(rows, looks, strict=True))


def _check_images(paths: list[Path], alts: list[str]) -> list[tuple[Path, str, tuple[int, int, str]]]:
    """Each image checked by the safe import, with its alt text (the guardrails refuse a missing one)."""
    from studio.errors import InputError

    if len(alts) > len(paths):
        raise InputError(
            "--alt", f"{len(alts)} alt texts for {len(paths)} image(s)", "give one --alt per --image"
        )
    checked = []
    for index, path in enumerate(paths):
        alt = alts[index].strip() if index < len(alts) else ""
        checked.append((path, alt, _inspect(path)))
    return checked


def _inspect(path: Path) -> tuple[int, int, str]:
    """(width, height, MIME type) from the safe import, which refuses bad images with an InputError."""
    from studio.media import inspect
    from studio.workflows.pictures import MIME

    info = inspect(path)
    return info.width, info.height, MIME.get(info.format, f"image/{info.format.lower()}")
