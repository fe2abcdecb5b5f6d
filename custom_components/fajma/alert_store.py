"""Where one patient's alert state is kept, and when it is written.

The engine's state changes with nearly every batch of readings (a pending condition's timer
moves on), but what a caregiver relies on changes rarely: an alert raised, worse or better,
acknowledged, over. Those are written at once (the write starts before anyone is told), so
a critical alert survives the process being killed right after it was raised. The rest is
coalesced: one delayed write, armed when the state first changes after a write and not pushed
back by the batches that follow, so it lands within `SAVE_DELAY` even while readings keep
coming, and a batch costs a flag check. While the engine is quiet (no alert, nothing counting)
its state on disk is refreshed only every `QUIET_REFRESH`: all that changes then is the time
of the last reading, which only tells how long the device had been silent should Home
Assistant die (its offline alert would then come at critical priority sooner).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Final

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.storage import Store

from .alert_model import AlertTransition, Escalation
from .const import ALERTS_STORAGE_KEY_PREFIX

STORAGE_VERSION: Final = 1
# Longest a change that is not written at once waits (and what a crash can cost of it).
SAVE_DELAY: Final = 5
QUIET_REFRESH: Final = 300  # seconds between writes of a quiet engine's state

type StateFunc = Callable[[], dict[str, Any]]
type QuietFunc = Callable[[], bool]


def must_write_now(transition: AlertTransition) -> bool:
    """Return True if a transition is written at once rather than within SAVE_DELAY.

    Raised, escalated (worse), de-escalated, acknowledged and resolved are what a caregiver
    relies on: they are never lost. A re-send of an unacknowledged alert (`escalated` by
    `renotify`, same priority, also the one that adds the escalation recipients) is not: the
    alert it repeats is already written, and it only moves the re-send bookkeeping
    (count, next time, who was told). Should the process die before the coalesced write, the
    restored alert finds that re-send due again and sends it once more on start: a repeated
    reminder, never a missing one, which is the safe side for an unacknowledged alert.
    """
    return transition.escalation is not Escalation.RENOTIFY


class AlertStore:
    """The alert engine's state of one patient on disk (`.storage/fajma.alerts.<entry id>`)."""

    def __init__(
        self, hass: HomeAssistant, entry_id: str, state: StateFunc, quiet: QuietFunc
    ) -> None:
        """`state` returns the engine's state as it is at the time of the call; `quiet` whether
        the engine is quiet."""
        self._hass = hass
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, f"{ALERTS_STORAGE_KEY_PREFIX}{entry_id}"
        )
        self._state = state
        self._quiet = quiet
        self._dirty = False  # changed since the last write; a delayed write is armed
        self._quiet_written_at: float | None = None  # loop time a quiet state was last written

    async def async_load(self) -> dict[str, Any] | None:
        """Return the stored state, or None if there is none."""
        return await self._store.async_load()

    @callback
    def async_changed(self, transitions: Sequence[AlertTransition]) -> None:
        """The engine's state changed, with these transitions (none: timers only)."""
        if transitions and any(must_write_now(transition) for transition in transitions):
            # Whole state as of now; the write also cancels a delayed one that is still armed.
            self._hass.async_create_task(self._store.async_save(self._state_to_write()))
        elif not self._dirty and not self._quiet_on_disk():
            self._dirty = True
            self._store.async_delay_save(self._state_to_write, SAVE_DELAY)

    async def async_flush(self) -> None:
        """Write the state now and leave no delayed write behind (unload)."""
        await self._store.async_save(self._state_to_write())

    def _quiet_on_disk(self) -> bool:
        """True if the engine is quiet and a quiet state was written less than QUIET_REFRESH ago."""
        written = self._quiet_written_at
        return (
            written is not None
            and self._hass.loop.time() - written < QUIET_REFRESH
            and self._quiet()
        )

    def _state_to_write(self) -> dict[str, Any]:
        """The state as it is now (a delayed write takes it when it runs); clears the flag."""
        self._dirty = False
        self._quiet_written_at = self._hass.loop.time() if self._quiet() else None
        return self._state()
