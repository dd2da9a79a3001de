"""What a person sees when a command fails: one line that says what is wrong and what to do,
a non-zero exit, no traceback.

``one_line`` turns the errors a person can act on into that line (``cli.FriendlyGroup``
calls it for every command); ``require_kafka`` checks, with a bounded wait, that the broker
a command is about to use answers at all, so that no command sits in a client's retry loop
(aiokafka's bootstrap, or ``ensure_topics``' 30 attempts) before it says so.
"""

from __future__ import annotations

import errno
import functools
import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from newsflow.ops.dev.processes import port_open

if TYPE_CHECKING:  # the settings are imported when a command needs them (newsflow.ops.cli)
    from newsflow.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])

#: How long a command waits for the broker to answer before it gives up and says so.
BROKER_WAIT_SECONDS = 5.0


class OperatorError(RuntimeError):
    """An error whose message is the line to show: what is wrong and what to do."""


class KafkaUnreachable(OperatorError):
    """No broker answers at the configured (or the dev broker's) address."""


def _broker_source(settings: Settings) -> str:
    if settings.kafka_bootstrap_servers:
        return "KAFKA_BOOTSTRAP_SERVERS"
    return f"the dev broker's state file {settings.dev_kafka_dir / 'broker.json'}"


def unreachable_message(settings: Settings, waited: float | None = None) -> str:
    """The line for a broker that does not answer."""
    try:
        servers = settings.bootstrap_servers()
    except Exception:
        servers = "?"
    within = f" within {waited:g} s" if waited else ""
    if settings.kafka_bootstrap_servers:
        advice = ("start that broker, or point KAFKA_BOOTSTRAP_SERVERS at one that runs (unset "
                  "it to use the dev broker of `newsflow dev kafka start`)")
    else:
        advice = "start it again with `newsflow dev kafka start`"
    return f"no Kafka broker answers at {servers} (from {_broker_source(settings)}){within}: {advice}"


def _addresses(servers: str) -> list[tuple[str, int]]:
    addresses = []
    for server in servers.split(","):
        server = server.strip().rsplit("://", 1)[-1]
        host, _, port = server.rpartition(":")
        if host and port.isdigit():
            addresses.append((host.strip("[]"), int(port)))
    return addresses


def require_kafka(settings: Settings | None = None, *, within: float = BROKER_WAIT_SECONDS) -> str:
    """The bootstrap servers, once one of them accepts a connection; ``KafkaUnreachable``
    when none does within ``within`` seconds (``NoBrokerError`` when none is configured)."""
    from newsflow.settings import get_settings

    settings = settings or get_settings()
    servers = settings.bootstrap_servers()
    addresses = _addresses(servers)
    if not addresses:
        return servers  # a form we do not parse: let the client say what it thinks of it
    deadline = time.monotonic() + within
    while True:
        if any(port_open(host, port, timeout=1.0) for host, port in addresses):
            return servers
        if time.monotonic() >= deadline:
            raise KafkaUnreachable(unreachable_message(settings, within))
        time.sleep(0.5)


def needs_kafka(command: F) -> F:
    """Check the broker answers (``require_kafka``) before running ``command``'s callback."""

    @functools.wraps(command)
    def checked(*args: Any, **kwargs: Any) -> Any:
        require_kafka()
        return command(*args, **kwargs)

    return checked  # type: ignore[return-value]


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        if isinstance(current, BaseExceptionGroup):
            for inner in current.exceptions:
                chain.extend(_causes(inner))
        current = current.__cause__ or current.__context__
    return chain


def one_line(exc: BaseException, *, command: str | None = None) -> str | None:
    """The one line to show for ``exc``, or None when it is a bug (the traceback is then
    what a developer needs)."""
    from aiokafka.errors import KafkaConnectionError

    from newsflow.ops.dev.runtime import DevRuntimeError
    from newsflow.settings import NoBrokerError, get_settings

    for cause in _causes(exc):
        if isinstance(cause, (NoBrokerError, DevRuntimeError, OperatorError, FileNotFoundError)):
            return str(cause)
        if isinstance(cause, KafkaConnectionError):
            return unreachable_message(get_settings())
        if isinstance(cause, OSError) and cause.errno == errno.EADDRINUSE:
            hint = ("choose another with --port or NEWSFLOW_SEARCH_PORT" if command == "serve"
                    else "choose another port")
            bound = re.search(r"\('([^']*)', (\d+)", str(cause))
            where = f"{bound[1]}:{bound[2]}" if bound else "that address"
            return (f"cannot listen on {where}: the address is in use (another `newsflow serve`, "
                    f"or the indexer of `newsflow run`?): stop that, or {hint}")
    return None
