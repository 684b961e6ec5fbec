"""The online check with real sockets on loopback: which servers, and whether they answer."""

from __future__ import annotations

import socket

from studio.online import Reachability, account_hosts, check_online
from studio.store import NewAccount, Store


def test_the_hosts_are_the_servers_accounts_post_to_each_once(store: Store) -> None:
    store.accounts.add(NewAccount("mastodon", "a", instance_url="https://social.example"))
    store.accounts.add(NewAccount("mastodon", "b", instance_url="https://social.example"))
    store.accounts.add(NewAccount("mastodon", "local", instance_url="http://127.0.0.1:8080"))
    store.accounts.add(NewAccount("bluesky", "c", handle="it.example.edu"))
    store.accounts.add(NewAccount("instagram", "d"))  # a handoff folder: no server
    assert account_hosts(store.accounts.list()) == [
        ("bsky.social", 443),
        ("social.example", 443),
        ("127.0.0.1", 8080),
    ]  # in the store's order (network, then name)


def test_a_listening_server_is_online_and_a_closed_port_is_not() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        up = check_online([("127.0.0.1", port)])
        with socket.socket() as closed:
            closed.bind(("127.0.0.1", 0))
            dead = closed.getsockname()[1]  # bound, not listening: refuses connections
            mixed = check_online([("127.0.0.1", dead), ("127.0.0.1", port)])
            down = check_online([("127.0.0.1", dead)])
    assert up == Reachability(True, (f"127.0.0.1:{port}",), ())
    assert mixed.online  # one reachable server is enough to publish to it
    assert mixed.unreachable == (f"127.0.0.1:{dead}: the connection was refused",)
    assert not down.online
    assert down.detail == f"could not reach 127.0.0.1:{dead}: the connection was refused"


def test_a_name_that_does_not_resolve_is_said_so() -> None:
    answer = check_online([("no-such-host.invalid", 443)], timeout=2.0)
    assert not answer.online
    assert answer.unreachable == ("no-such-host.invalid:443: its name does not resolve",)


def test_without_accounts_nothing_is_reached_so_it_is_never_online() -> None:
    answer = check_online([])
    assert answer.reachable == answer.unreachable == ()
    assert not answer.online
    assert not answer.checked
    assert answer.detail.startswith("no account posts to a server directly; the computer has ")
    assert ("has a network route" in answer.detail) == answer.route


def test_one_server_not_answering_is_named_and_is_not_all_reached() -> None:
    answer = Reachability(True, ("a.example:443",), ("uni.social:443: no answer within 1.5 s",))
    assert answer.online
    assert not answer.all_reached
    assert answer.unreachable_hosts == ("uni.social",)
    assert "could not reach uni.social:443" in answer.detail
