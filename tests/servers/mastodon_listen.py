"""The loopback Mastodon server's listening side: notifications, favourites, reblogs and deleting a status.

Follows Mastodon's documented API (docs.joinmastodon.org: methods/notifications, methods/statuses,
entities/Notification, entities/Status, api/guidelines#pagination):

- A new status notifies every account of this server its text mentions (`@kim`, type `mention`; a reply
  mentions the author it answers the way clients write it) and the author of a status it quotes (`quote`).
- `POST /api/v1/statuses/:id/favourite` and `/reblog` (and `/unfavourite`, `/unreblog`) count once per
  account and notify the status's author (`favourite`, `reblog`); a status carries `replies_count`,
  `reblogs_count`, `favourites_count` (and `quotes_count`).
- `GET /api/v1/notifications`: newest first, `types[]` / `exclude_types[]` / `account_id` filters, `max_id`
  (older than), `since_id` (newer than, newest page), `min_id` (immediately newer than), `limit` (default 40,
  at most 80), and a `Link` header with `rel="next"` (older, `max_id`) and `rel="prev"` (newer, `min_id`).
- `DELETE /api/v1/statuses/:id`: the author deletes it (answered with its source text); its notifications go,
  and it answers 404 from then on.

`mastodon_server.py` hands each request here first (`handle`) and tells of each new status
(`on_new_status`).
"""

from __future__ import annotations

import urllib.parse
from datetime import UTC, datetime
from typing import Any, Protocol

from tests.servers.mastodon_state import Notification, State, Status, account_json, mentioned, status_json

__all__ = ["handle", "on_new_status"]

_DEFAULT_LIMIT = 40
_MAX_LIMIT = 80


class _Handler(Protocol):
    app: Any
    path: str

    def _json(self, status: int, payload: object, *, headers: tuple[tuple[str, str], ...] = ()) -> None: ...


def on_new_status(state: State, status: Status) -> None:
    """Notify the accounts a new status mentions or quotes (the caller holds the lock)."""
    for name in mentioned(status.text, state):
        if name != status.account:
            _notify(state, name, "mention", status.account, status.id)
    if status.quote_id is not None:
        quoted = _find(state, status.quote_id)
        if quoted is not None and quoted.account != status.account:
            _notify(state, quoted.account, "quote", status.account, status.id)


def handle(handler: _Handler, method: str, path: str, account: str, body: bytes) -> bool:
    """Answer the listening endpoints; False for any other request."""
    del body  # favourite, reblog and delete take no parameters
    parts = path.strip("/").split("/")
    if method == "GET" and path == "/api/v1/notifications":
        _notifications(handler, account)
        return True
    if len(parts) == 5 and parts[:3] == ["api", "v1", "statuses"] and method == "POST":
        action = parts[4]
        if action not in ("favourite", "unfavourite", "reblog", "unreblog"):
            return False
        _act(handler, account, parts[3], action)
        return True
    if len(parts) == 4 and parts[:3] == ["api", "v1", "statuses"] and method == "DELETE":
        _delete(handler, account, parts[3])
        return True
    return False


# --- endpoints ------------------------------------------------------------------------------------------
def _notifications(handler: _Handler, account: str) -> None:
    query = urllib.parse.parse_qsl(urllib.parse.urlsplit(handler.path).query)
    single = dict(query)
    types = [v for k, v in query if k in ("types[]", "types")]
    excluded = {v for k, v in query if k in ("exclude_types[]", "exclude_types")}
    try:
        limit = max(1, min(int(single.get("limit", _DEFAULT_LIMIT)), _MAX_LIMIT))
        max_id, since_id, min_id = (_int(single.get(k)) for k in ("max_id", "since_id", "min_id"))
    except ValueError:
        handler._json(422, {"error": "Validation failed: limit and ids must be numbers"})
        return
    app = handler.app
    base = app.url
    with app.lock:
        state: State = app.state
        mine = [
            n
            for n in state.notifications
            if n.recipient == account
            and (not types or n.type in types)
            and n.type not in excluded
            and single.get("account_id") in (None, n.account)
            and (max_id is None or n.id < max_id)
            and (since_id is None or n.id > since_id)
            and (min_id is None or n.id > min_id)
        ]
        mine.sort(key=lambda n: n.id, reverse=True)
        page = sorted(mine[-limit:], key=lambda n: -n.id) if min_id is not None else mine[:limit]
        payload = [_notification_json(n, state, base) for n in page]
    headers: tuple[tuple[str, str], ...] = ()
    if page:
        keep = [(k, v) for k, v in query if k not in ("max_id", "since_id", "min_id")]
        older = urllib.parse.urlencode([*keep, ("max_id", str(page[-1].id))])
        newer = urllib.parse.urlencode([*keep, ("min_id", str(page[0].id))])
        here = f"{base}/api/v1/notifications"
        link = f'<{here}?{older}>; rel="next", <{here}?{newer}>; rel="prev"'
        headers = (("Link", link),)
    handler._json(200, payload, headers=headers)


def _act(handler: _Handler, account: str, status_id: str, action: str) -> None:
    app = handler.app
    base = app.url
    with app.lock:
        state: State = app.state
        status = _find(state, status_id)
        if status is None:
            payload: dict[str, Any] | None = None
        else:
            who = status.favourited_by if "favourite" in action else status.reblogged_by
            if action.startswith("un"):
                who.discard(account)
            elif account not in who:
                who.add(account)
                if status.account != account:
                    _notify(state, status.account, action, account, status.id)
            payload = status_json(status, state, base)
            payload["favourited"] = account in status.favourited_by
            payload["reblogged"] = account in status.reblogged_by
            if action == "reblog":  # the answer is the reblog itself, wrapping the status
                state.next_id += 1
                payload = {
                    "id": str(state.next_id),
                    "created_at": _now(),
                    "account": account_json(account, base),
                    "content": "",
                    "reblog": payload,
                }
    if payload is None:
        handler._json(404, {"error": "Record not found"})
    else:
        handler._json(200, payload)


def _delete(handler: _Handler, account: str, status_id: str) -> None:
    app = handler.app
    with app.lock:
        state: State = app.state
        status = _find(state, status_id)
        if status is None:
            answer: tuple[int, dict[str, Any]] = (404, {"error": "Record not found"})
        elif status.account != account:
            answer = (403, {"error": "This action is not allowed"})
        else:
            payload = status_json(status, state, app.url)
            payload["text"] = status.text  # Mastodon answers with the source, for "delete and redraft"
            state.statuses.remove(status)
            state.notifications[:] = [n for n in state.notifications if n.status_id != status_id]
            answer = (200, payload)
    handler._json(*answer)


# --- helpers --------------------------------------------------------------------------------------------
def _notify(state: State, recipient: str, kind: str, account: str, status_id: str) -> None:
    state.next_notification_id += 1
    state.notifications.append(
        Notification(state.next_notification_id, recipient, kind, account, status_id, _now())
    )


def _notification_json(notification: Notification, state: State, base: str) -> dict[str, Any]:
    status = _find(state, notification.status_id)
    return {
        "id": str(notification.id),
        "type": notification.type,
        "group_key": f"ungrouped-{notification.id}",
        "created_at": notification.created_at,
        "account": account_json(notification.account, base),
        "status": None if status is None else status_json(status, state, base),
    }


def _find(state: State, status_id: str) -> Status | None:
    return next((s for s in state.statuses if s.id == status_id), None)


def _int(value: str | None) -> int | None:
    return None if value in (None, "") else int(str(value))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
