"""How an alert looks outside the engine: events, the alert entities, the cards, diagnostics.

Times are ISO 8601 in UTC there; the engine keeps timestamps.
"""

from __future__ import annotations

from typing import Any

from homeassistant.util import dt as dt_util

from .alert_model import ActiveAlert, AlertTransition


def iso(timestamp: float | None) -> str | None:
    """Return an ISO 8601 UTC time for an engine timestamp."""
    return None if timestamp is None else dt_util.utc_from_timestamp(timestamp).isoformat()


def active_alert_as_dict(alert: ActiveAlert) -> dict[str, Any]:
    """The shape the cards and diagnostics show for an active alert."""
    return {
        "alert_id": alert.alert_id,
        "condition": alert.condition,
        "vital": alert.condition,
        "kind": alert.kind.value,
        "priority": alert.priority.value,
        # A latched critical alert whose vital recovered waits only for acknowledgement.
        "state": "active" if alert.condition_active else "resolved_unacknowledged",
        "value": alert.value,
        "raised_value": alert.raised_value,
        "worst_value": alert.worst_value,
        "side": alert.side,
        "threshold": alert.threshold,
        "raised_at": iso(alert.raised_at),
        "acknowledged": alert.acknowledged,
        "acknowledged_by": alert.acknowledged_by,
        "acknowledged_at": iso(alert.acknowledged_at),
        "acknowledged_until": iso(alert.acknowledged_until),
        "resend_count": alert.resend_count,
        "next_resend_at": iso(alert.next_resend_at),
    }


def transition_as_dict(transition: AlertTransition, *, with_notify: bool = False) -> dict[str, Any]:
    """A transition as Home Assistant shows it: times in ISO 8601, the alert's fields at the
    top level. `with_notify` keeps who is told (the event's; automations use it)."""
    data = transition.as_dict()
    del data["alert"]
    if not with_notify:
        del data["notify"]
    data["time"] = iso(transition.time)
    data["raised_at"] = iso(transition.alert.raised_at)
    data["acknowledged_at"] = iso(transition.alert.acknowledged_at)
    return data
