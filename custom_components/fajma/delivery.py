"""Did a notification get out? Failures Home Assistant's notify services report, not raise.

A notify service may fail by raising (an unknown service, a phone only reachable over local
push that is not connected), but the companion apps' `notify.mobile_app_*` services catch
what goes wrong at their push service (connection refused, an HTTP error status, a timeout,
the push service's rate limit) and only log it. While FAJMA sends, a `DeliveryWatch` is the
current one (a context variable, which the service call's task inherits): a warning or error
logged by a Home Assistant integration during the send is that send's failure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
import logging
from typing import Final, override

# Every integration logs under this logger (mobile_app: homeassistant.components.mobile_app).
WATCHED_LOGGER: Final = "homeassistant.components"
RATE_LIMIT_WORDS: Final = "rate limit"

type LateFailure = Callable[[DeliveryWatch], None]


@dataclass
class DeliveryWatch:
    """What went wrong while one notification was sent (empty: it went out)."""

    target: str
    problems: list[str] = field(default_factory=list)
    rate_limited: bool = False
    done: bool = False
    # A failure reported after the send returned (mobile_app falls back from local push to
    # its push service later): told through this.
    on_late_failure: LateFailure | None = None

    @property
    def ok(self) -> bool:
        """Return True if nothing went wrong."""
        return not self.problems

    def fail(self, problem: str) -> None:
        """Record a failure of this send."""
        self.problems.append(problem)
        if RATE_LIMIT_WORDS in problem.lower():
            self.rate_limited = True
        if self.done and self.on_late_failure is not None:
            self.on_late_failure(self)


_CURRENT: ContextVar[DeliveryWatch | None] = ContextVar("fajma_delivery_watch", default=None)


class _DeliveryLogHandler(logging.Handler):
    """Turns a warning logged during a FAJMA send into that send's failure."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)

    @override
    def emit(self, record: logging.LogRecord) -> None:
        if (watch := _CURRENT.get()) is None:
            return
        try:
            message = record.getMessage()
        except Exception:  # a broken log call must not break a send
            message = str(record.msg)
        watch.fail(message)


_HANDLER: Final = _DeliveryLogHandler()


def install() -> Callable[[], None]:
    """Start watching (idempotent); returns the remover."""
    logger = logging.getLogger(WATCHED_LOGGER)
    if _HANDLER not in logger.handlers:
        logger.addHandler(_HANDLER)
    return lambda: logger.removeHandler(_HANDLER)


@contextmanager
def watch_delivery(
    target: str, on_late_failure: LateFailure | None = None
) -> Iterator[DeliveryWatch]:
    """Make a send to `target` the one whose failures are recorded."""
    watch = DeliveryWatch(target, on_late_failure=on_late_failure)
    token = _CURRENT.set(watch)
    try:
        yield watch
    finally:
        _CURRENT.reset(token)
        watch.done = True
