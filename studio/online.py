"""A cheap online check: can we reach the servers the workspace's accounts post to?

No request is sent: a TCP connection to each server's port is opened and closed at once. Online means a
connection succeeded in this check, nothing less. With no account that posts directly there is nothing to
reach: the answer says so (`checked` is False) and tells only whether the operating system has a route out
(a UDP socket's `connect` only looks the route up; no packet leaves the machine).
"""

from __future__ import annotations

import socket
import urllib.parse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from studio.platforms import network_by_id
from studio.store import Account

__all__ = ["Reachability", "account_hosts", "check_online"]

_ROUTE_PROBE = ("192.0.2.1", 9)  # any outside address: only the route to it is looked up
_BLUESKY_DEFAULT = "https://bsky.social"  # as studio.publish.factory.BLUESKY_DEFAULT_PDS (kept light)


@dataclass(frozen=True, slots=True)
class Reachability:
    """The answer of one check."""

    online: bool  # at least one account server accepted a connection (so what is due to it can go out)
    reachable: tuple[str, ...] = ()  # "host:port" of each server that answered
    unreachable: tuple[str, ...] = ()  # "host:port: why" of each that did not
    route: bool = False  # with no server to check: whether the computer has a network route at all

    @property
    def checked(self) -> bool:
        """Some account server was tried (False: no account posts to a server directly)."""
        return bool(self.reachable or self.unreachable)

    @property
    def all_reached(self) -> bool:
        """Every account server answered."""
        return self.checked and not self.unreachable

    @property
    def unreachable_hosts(self) -> tuple[str, ...]:
        """The names of the servers that did not answer (`uni.social`), for a person to read."""
        return tuple(dict.fromkeys(entry.split(":", 1)[0] for entry in self.unreachable))

    @property
    def detail(self) -> str:
        """One line for a tooltip."""
        if not self.checked:
            route = "the computer has a network route" if self.route else "the computer has no network route"
            return f"no account posts to a server directly; {route}"
        parts = [f"reached {', '.join(self.reachable)}"] if self.reachable else []
        if self.unreachable:
            parts.append(f"could not reach {'; '.join(self.unreachable)}")
        return "; ".join(parts)


def account_hosts(accounts: Iterable[Account]) -> list[tuple[str, int]]:
    """The (host, port) of every server an account posts to directly, each once, in order."""
    hosts: list[tuple[str, int]] = []
    for account in accounts:
        if not network_by_id(account.network).has_api:
            continue  # handoff networks need no connection
        url = account.instance_url or (_BLUESKY_DEFAULT if account.network == "bluesky" else "")
        parts = urllib.parse.urlsplit(url)
        if not parts.hostname:
            continue
        port = parts.port or (443 if parts.scheme == "https" else 80)
        if (parts.hostname, port) not in hosts:
            hosts.append((parts.hostname, port))
    return hosts


def check_online(hosts: Sequence[tuple[str, int]], timeout: float = 3.0) -> Reachability:
    """Online when at least one of `hosts` accepts a connection; with none, never (nothing to reach)."""
    if not hosts:
        return Reachability(False, route=_has_route())
    from concurrent.futures import ThreadPoolExecutor  # with the first check, after the window is up

    with ThreadPoolExecutor(max_workers=min(8, len(hosts))) as pool:
        answers = list(pool.map(lambda host: _connect(host, timeout), hosts))
    reachable = tuple(f"{h}:{p}" for (h, p), why in zip(hosts, answers, strict=True) if why is None)
    unreachable = tuple(f"{h}:{p}: {why}" for (h, p), why in zip(hosts, answers, strict=True) if why)
    return Reachability(bool(reachable), reachable, unreachable)


def _connect(host: tuple[str, int], timeout: float) -> str | None:
    """None when a connection opened, else why not (in words)."""
    try:
        with socket.create_connection(host, timeout=timeout):
            return None
    except socket.gaierror:
        return "its name does not resolve"
    except TimeoutError:
        return f"no answer within {timeout:g} s"
    except ConnectionRefusedError:
        return "the connection was refused"
    except OSError as error:
        return error.strerror or type(error).__name__


def _has_route() -> bool:
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(_ROUTE_PROBE)
    except OSError:
        return False
    return True
