"""The first-run demo workspace: the demo pictures, a week of example posts and a draft, seeded once.

Nothing is invented that could reach a network: no accounts, no secrets. A marker file records that the
workspace was seeded, so deleting the demo posts does not bring them back on the next start.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from studio.errors import WorkspaceError
from studio.resources import asset_path
from studio.store import MediaItem, MediaKind, NewPost, PostStatus, Store

__all__ = ["DEMO_KIT", "MARKER", "DemoSeed", "needs_demo", "seed_demo"]

MARKER = ".demo-seeded"
DEMO_KIT = "campus-it"  # the bundled kit the demo posts' templates come from
_ASSETS = asset_path("demo")


@dataclass(frozen=True, slots=True)
class _Picture:
    file: str
    kind: MediaKind
    alt_text: str
    focus: tuple[float, float]  # -1..1, Mastodon's convention (y up)
    size: tuple[int, int]  # as Pillow reads it (a test checks), so seeding at start-up need not load Pillow
    mime: str


@dataclass(frozen=True, slots=True)
class _Example:
    day: int  # days after the seeding day
    hour: int  # UTC
    body: str
    status: PostStatus
    picture: str | None = None  # with the template and caption below
    template: str = "photo"
    caption: str = ""
    series: str = ""


_PICTURES = (
    _Picture(
        "lego-staff.jpg",
        MediaKind.PHOTO,
        "A LEGO-style minifigure in a navy blazer with an IT badge on a lanyard waves from a desk, "
        "holding a tablet; a red and blue brick sit beside it.",
        (-0.17, 0.33),  # the face, so every crop keeps it
        (3000, 2000),
        "image/jpeg",
    ),
    _Picture(
        "cartoon-restart.png",
        MediaKind.CARTOON,
        "Cartoon: a smiling person points at a computer screen with crossed-out eyes and a frown and asks "
        "'Have you tried turning it off and on again?'; its power plug is pulled out.",
        (0.0, 0.0),
        (1600, 1200),
        "image/png",
    ),
)

_WEEK = (
    _Example(
        0,
        15,
        "Planned maintenance: email and calendar will be unavailable on Saturday from 06:00 to 08:00 while "
        "we update the mail servers. Messages sent to you in that time arrive afterwards; nothing is lost. "
        "Questions? The service desk is here to help: https://it.example.edu/help",
        PostStatus.SCHEDULED,
    ),
    _Example(
        1,
        9,
        "Tech Tip Tuesday #12: step away from your desk? Press Win+L (or Ctrl+Cmd+Q on a Mac) to lock your "
        "screen in one move. Your files stay yours. #TechTipTuesday",
        PostStatus.SCHEDULED,
        series="Tech Tip Tuesday",
    ),
    _Example(
        2,
        11,
        "Meet Sam from the service desk! Sam has answered more eduroam questions than anyone on campus and "
        "still smiles at every one. Drop by the library desk, Monday to Friday 8 to 18. #MeetTheTeam",
        PostStatus.DRAFT,
        picture="lego-staff.jpg",
        template="photo",
        caption="Meet the service desk team",
    ),
    _Example(
        3,
        13,
        "Friday feeling: when the Wi-Fi drops mid-upload. Before you call us, turn Wi-Fi off and on again; "
        "it fixes more than you would think. Still stuck? https://it.example.edu/help",
        PostStatus.DRAFT,
        picture="cartoon-restart.png",
        template="cartoon",
        caption="When the Wi-Fi drops mid-upload",
    ),
    _Example(
        5,
        10,
        "New to campus? Get eduroam on your phone in two minutes: open the setup page, pick your university, "
        "sign in with your student account. Step-by-step guide in our story.",
        PostStatus.DRAFT,
        picture="lego-staff.jpg",
        template="story",
        caption="eduroam on your phone in two minutes",
    ),
    _Example(
        6,
        9,
        "Update: Saturday's maintenance went as planned. Email and calendar are back. Thank you for "
        "your patience!",
        PostStatus.DRAFT,
    ),
)


# The draft Compose opens on at the first start, so the editor, its checks and the previews have something to
# show: the photo template on the LEGO-style picture, and two jargon words for the checks to point out.
_DRAFT = _Example(
    0,
    0,
    "Meet the service desk team! 👋 Stuck with eduroam, a printer or your password? Drop by the library "
    "ground floor, weekdays 8:30 to 17:00, or find answers any time at https://it.example.edu/help #CampusIT",
    PostStatus.DRAFT,
    picture="lego-staff.jpg",
    template="photo",
    caption="Meet the service desk team",
)


@dataclass(frozen=True, slots=True)
class DemoSeed:
    """What seeding added: the week's example posts, and the unscheduled draft Compose opens on."""

    kit: str
    media_ids: tuple[int, ...]
    post_ids: tuple[int, ...]
    draft_id: int


def needs_demo(store: Store) -> bool:
    """True for a workspace never seeded and still empty (no posts, no media, no accounts)."""
    if (store.workspace / MARKER).exists():
        return False
    return store.posts.count() == 0 and store.media.count() == 0 and not store.accounts.list()


def seed_demo(store: Store, *, now: datetime | None = None, assets: Path = _ASSETS) -> DemoSeed:
    """Import the demo pictures, a week of example posts starting on `now`'s day and the draft Compose opens
    on; then write the marker."""
    start = (now or datetime.now(UTC)).astimezone(UTC)
    items = {picture.file: _add_picture(store, assets, picture) for picture in _PICTURES}
    post_ids = []
    for example in _WEEK:
        when = datetime.combine(start.date() + timedelta(days=example.day), time(example.hour), UTC)
        if when <= start:
            when += timedelta(days=7)  # never seed something already due
        new = NewPost(example.body, scheduled_at=when, media=_attached(items, example), series=example.series)
        status = example.status
        if status is PostStatus.SCHEDULED and not store.settings.get().solo_mode:
            status = PostStatus.IN_REVIEW  # a team workspace sends work to review first
        post_ids.append(store.posts.create(new, status, at=start).id)
    draft = NewPost(_DRAFT.body, media=_attached(items, _DRAFT))
    draft_id = store.posts.create(draft, PostStatus.DRAFT, at=start).id
    _write_marker(store.workspace)
    return DemoSeed(DEMO_KIT, tuple(i.id for i in items.values()), tuple(post_ids), draft_id)


def _attached(items: dict[str, MediaItem], example: _Example) -> tuple[tuple[int, str, str], ...]:
    """The example's picture as a post holds it: (media id, template, caption), or none."""
    if example.picture is None:
        return ()
    return ((items[example.picture].id, example.template, example.caption),)


def _add_picture(store: Store, assets: Path, picture: _Picture) -> MediaItem:
    if assets != _ASSETS:  # pictures we have not measured: check them as any import does
        from studio.workflows.pictures import import_picture

        return import_picture(
            store, assets / picture.file, kind=picture.kind, alt_text=picture.alt_text, focus=picture.focus
        )
    width, height = picture.size
    return store.media.add(
        assets / picture.file,
        width=width,
        height=height,
        mime=picture.mime,
        kind=picture.kind,
        alt_text=picture.alt_text,
        focus=picture.focus,
    )


def _write_marker(workspace: Path) -> None:
    try:
        (workspace / MARKER).write_text("The demo posts and pictures were added once.\n")
    except OSError as error:
        raise WorkspaceError(
            f"workspace {workspace}", f"cannot write ({error.strerror or error})", "fix its permissions"
        ) from None
