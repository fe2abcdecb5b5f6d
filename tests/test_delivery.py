"""Delivery you can trust: phones registered through Home Assistant's real mobile_app, their
push service played by a loopback receiver that fails on demand (HTTP error, refused
connection, rate limit). A failed notification raises the patient's technical `delivery` alert
and a repair issue; both clear once a notification gets through again."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import logging
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.translation import async_get_translations
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.fajma.const import (
    CONF_NOTIFY_TARGETS,
    CONF_RESEND_INTERVAL,
    DOMAIN,
    EVENT_ALERT,
)
from custom_components.fajma.delivery import _HANDLER, DeliveryWatch, install, watch_delivery
from tests.alert_fixtures import readings_for
from tests.conftest import FakeDevice, setup_entry, unload_entry
from tests.phones import PushService, register_phone

pytestmark = pytest.mark.usefixtures("socket_ok")

ANNA = "notify.mobile_app_anna_phone"
BOB = "notify.mobile_app_bob_phone"
NBSP = "\u00a0"


@pytest.fixture
async def anna_push() -> AsyncIterator[PushService]:
    service = PushService()
    await service.start()
    yield service
    await service.stop()


@pytest.fixture
async def bob_push() -> AsyncIterator[PushService]:
    service = PushService()
    await service.start()
    yield service
    await service.stop()


async def patient(
    hass: HomeAssistant, fake_entry: MockConfigEntry, targets: list[str]
) -> MockConfigEntry:
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=fake_entry.title,
        unique_id=fake_entry.unique_id,
        data=fake_entry.data,
        options={CONF_NOTIFY_TARGETS: targets, CONF_RESEND_INTERVAL: 1},
    )
    await setup_entry(hass, entry)
    return entry


def delivery_issue(hass: HomeAssistant, entry: MockConfigEntry) -> ir.IssueEntry | None:
    return ir.async_get(hass).async_get_issue(DOMAIN, f"delivery_failed_{entry.entry_id}")


def delivery_events(events: list[Any]) -> list[tuple[str, str]]:
    return [(e.data["state"], e.data["priority"]) for e in events if e.data["vital"] == "delivery"]


async def test_a_phone_whose_push_fails_raises_the_delivery_alert_until_it_works(  # noqa: PLR0917
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    freezer: FrozenDateTimeFactory,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
    anna_push: PushService,
    bob_push: PushService,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Bob's push service answers 500: Anna is told that notifications are failing."""
    entry = await patient(hass, fake_entry, [ANNA, BOB])
    await register_phone(hass, hass_client, anna_push.url, "Anna Phone")
    await register_phone(hass, hass_client, bob_push.url, "Bob Phone")
    events = async_capture_events(hass, EVENT_ALERT)
    bob_push.status = 500

    await readings_for(hass, freezer, fake_device, 12, spo2=85)
    assert bob_push.alerts() == ["spo2", "delivery"]  # it tried
    assert anna_push.alerts() == ["spo2", "delivery"]
    failing = anna_push.received[-1]
    assert failing["title"] == f"🟠 Warning — {entry.title}"
    assert failing["message"] == (
        f"Notifications for {entry.title} are failing: caregivers may not be warned."
    )
    # Anna got the critical alert: the delivery alert is a warning.
    assert delivery_events(events) == [("raised", "warning")]
    issue = delivery_issue(hass, entry)
    assert issue is not None
    assert issue.severity is ir.IssueSeverity.WARNING
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["targets"] == BOB
    assert "Error sending notification to Bob Phone" in issue.translation_placeholders["error"]
    # Logged once for Bob, not for every message that failed.
    assert caplog.text.count(f"could not notify {BOB}") == 1

    # Bob's push service is back: the next re-send gets through and both clear.
    bob_push.status = 201
    await readings_for(hass, freezer, fake_device, 61, spo2=85)
    assert delivery_events(events)[-1] == ("resolved", "info")
    assert delivery_issue(hass, entry) is None
    assert bob_push.alerts()[-1] == "delivery"  # "notifications work again", same tag
    assert bob_push.received[-1]["message"] == f"Notifications for {entry.title} work again."
    assert bob_push.received[-1]["data"]["tag"] == failing["data"]["tag"]
    assert f"notifications to {BOB} work again" in caplog.text
    await unload_entry(hass, entry)


async def test_a_critical_alert_that_reaches_nobody_is_a_critical_delivery_alert(  # noqa: PLR0917
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    freezer: FrozenDateTimeFactory,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
    anna_push: PushService,
) -> None:
    """The only phone's push service is down (connection refused)."""
    entry = await patient(hass, fake_entry, [ANNA])
    await register_phone(hass, hass_client, anna_push.url, "Anna Phone")
    events = async_capture_events(hass, EVENT_ALERT)
    await anna_push.stop()
    await readings_for(hass, freezer, fake_device, 12, spo2=85)
    assert delivery_events(events) == [("raised", "critical")]
    issue = delivery_issue(hass, entry)
    assert issue is not None
    assert issue.severity is ir.IssueSeverity.ERROR
    # The repair issue in French: typographic apostrophe, non-breaking space before the colon.
    fr = await async_get_translations(hass, "fr", "issues", [DOMAIN])
    description = fr[f"component.{DOMAIN}.issues.delivery_failed.description"].format(
        **(issue.translation_placeholders or {})
    )
    assert description.startswith(
        f"FAJMA n’a pas pu envoyer les alertes de {entry.title} à {ANNA}{NBSP}: "  # noqa: RUF001
    )
    # The dashboard shows it among the patient's alerts.
    conditions = {a.condition for a in entry.runtime_data.alerts.engine.active_alerts}
    assert conditions == {"spo2", "delivery"}
    await unload_entry(hass, entry)


async def test_the_push_service_rate_limit_is_logged_once(  # noqa: PLR0917
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    freezer: FrozenDateTimeFactory,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
    anna_push: PushService,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """429 from the push service, re-sends every minute: one FAJMA log line, not one each."""
    entry = await patient(hass, fake_entry, [ANNA])
    await register_phone(hass, hass_client, anna_push.url, "Anna Phone")
    anna_push.status = 429
    await readings_for(hass, freezer, fake_device, 12, spo2=85)
    for _ in range(3):  # three re-sends of the critical alert
        await readings_for(hass, freezer, fake_device, 61, spo2=85)
    assert len(anna_push.alerts()) >= 4
    fajma_lines = [
        r
        for r in caplog.records
        if r.name.startswith("custom_components.fajma") and "rate" in r.message
    ]
    assert len(fajma_lines) == 1
    assert "rate limit of the push service reached" in fajma_lines[0].message
    assert delivery_issue(hass, entry) is not None
    await unload_entry(hass, entry)


async def test_an_unknown_notify_service_and_a_late_failure(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
) -> None:
    """A service that does not exist fails at once; one that fails after returning, later."""
    entry = await patient(hass, fake_entry, ["notify.gone_phone"])
    await readings_for(hass, freezer, fake_device, 12, spo2=85)
    issue = delivery_issue(hass, entry)
    assert issue is not None
    assert "notify.gone_phone" in (issue.translation_placeholders or {})["error"]
    await unload_entry(hass, entry)

    # A phone on local push whose confirmation never comes: mobile_app falls back to its push
    # service after the service call returned, and logs the failure then.
    async def late_failure() -> None:
        await asyncio.sleep(0)
        logging.getLogger("homeassistant.components.mobile_app.notify").error(
            "Error sending notification to %s", "Late Phone"
        )

    async def send(call: ServiceCall) -> None:
        hass.async_create_task(late_failure())

    hass.services.async_register("notify", "late_phone", send)
    entry = await patient(hass, fake_entry, ["notify.late_phone"])
    events = async_capture_events(hass, EVENT_ALERT)
    await readings_for(hass, freezer, fake_device, 12, spo2=85)
    await hass.async_block_till_done()
    assert ("raised", "warning") in delivery_events(events)
    assert "Late Phone" in (delivery_issue(hass, entry).translation_placeholders or {})["error"]  # type: ignore[union-attr]
    await unload_entry(hass, entry)


def test_a_watch_records_only_its_own_send() -> None:
    install()
    with watch_delivery("notify.a") as watch:
        logging.getLogger("homeassistant.components.x").warning("Rate limit exceeded for %s", "a")
    assert watch.rate_limited
    assert watch.problems == ["Rate limit exceeded for a"]
    # Outside a send, and below warning: nothing recorded.
    logging.getLogger("homeassistant.components.x").warning("unrelated")
    late: list[DeliveryWatch] = []
    with watch_delivery("notify.b", late.append) as other:
        logging.getLogger("homeassistant.components.x").info("fine")
    assert other.ok
    other.fail("later")
    assert late == [other]


@pytest.mark.usefixtures("fake_device")
async def test_a_send_that_ends_after_unload_changes_nothing(
    hass: HomeAssistant, fake_entry: MockConfigEntry
) -> None:
    entry = await patient(hass, fake_entry, ["notify.gone_phone"])
    manager = entry.runtime_data.alerts
    await unload_entry(hass, entry)
    watch = DeliveryWatch("notify.gone_phone", problems=["refused"])
    manager._report_delivery([watch])
    assert delivery_issue(hass, entry) is None
    assert manager.engine.active_alerts == ()


def test_a_broken_log_call_still_counts_as_a_failure() -> None:
    record = logging.LogRecord(
        "homeassistant.components.x", logging.ERROR, __file__, 1, "%d sent", ("nan",), None
    )
    with watch_delivery("notify.a") as watch:
        _HANDLER.emit(record)  # its getMessage() raises
    assert watch.problems == ["%d sent"]
