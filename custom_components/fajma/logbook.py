"""Alert transitions in the logbook, as sentences in the user's language."""

from __future__ import annotations

from collections.abc import Callable

from homeassistant.components.logbook.const import LOGBOOK_ENTRY_MESSAGE, LOGBOOK_ENTRY_NAME
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers.translation import async_get_cached_translations

from .alert_texts import AlertTexts
from .const import ALERT_TEXTS_CATEGORY, ALERT_TEXTS_PREFIX, DOMAIN, EVENT_ALERT, EVENT_TEST_ALERT


@callback
def async_describe_events(
    hass: HomeAssistant,
    async_describe_event: Callable[[str, str, Callable[[Event], dict[str, str]]], None],
) -> None:
    """Describe FAJMA alert events."""

    @callback
    def describe(event: Event) -> dict[str, str]:
        language = hass.config.language
        templates = async_get_cached_translations(hass, language, ALERT_TEXTS_CATEGORY, DOMAIN)
        texts = AlertTexts(templates, language, ALERT_TEXTS_PREFIX)
        patient = str(event.data.get("patient", "FAJMA"))
        return {
            LOGBOOK_ENTRY_NAME: patient,
            LOGBOOK_ENTRY_MESSAGE: texts.logbook(event.data, patient),
        }

    async_describe_event(DOMAIN, EVENT_ALERT, describe)

    @callback
    def describe_test(event: Event) -> dict[str, str]:
        return {
            LOGBOOK_ENTRY_NAME: str(event.data.get("patient", "FAJMA")),
            LOGBOOK_ENTRY_MESSAGE: str(event.data.get("title", "test")),
        }

    async_describe_event(DOMAIN, EVENT_TEST_ALERT, describe_test)
