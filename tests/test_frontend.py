"""Tests for serving the FAJMA cards and registering them as a Lovelace resource."""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path
import re
from typing import Any

from homeassistant.components.frontend import DATA_EXTRA_MODULE_URL, UrlManager
from homeassistant.components.lovelace.const import LOVELACE_DATA
from homeassistant.components.lovelace.resources import ResourceStorageCollection
from homeassistant.const import EVENT_COMPONENT_LOADED
from homeassistant.core import HomeAssistant
from homeassistant.setup import ATTR_COMPONENT, async_setup_component
from homeassistant.util.yaml import load_yaml
import pytest

from custom_components.fajma.frontend import (
    CARDS_PATH,
    CARDS_URL,
    async_register_frontend,
    file_version,
    versioned_url,
)

RESOURCES_KEY = "lovelace_resources"


def _expected_url() -> str:
    return versioned_url(file_version(CARDS_PATH))


async def _resources(hass: HomeAssistant) -> list[dict[str, Any]]:
    collection = hass.data[LOVELACE_DATA].resources
    await collection.async_get_info()
    return list(collection.async_items())


def test_bundle_is_committed() -> None:
    """The built bundle ships with the integration and looks like the cards module."""
    text = CARDS_PATH.read_text(encoding="utf-8")
    assert "fajma-patient-card" in text
    assert "fajma-overview-card" in text


async def test_storage_mode_creates_resource_and_serves_bundle(
    hass: HomeAssistant, hass_client: Any
) -> None:
    """A fresh install gets one module resource with a content-hash version."""
    assert await async_setup_component(hass, "http", {})
    assert await async_setup_component(hass, "lovelace", {})

    await async_register_frontend(hass)
    await hass.async_block_till_done()

    items = await _resources(hass)
    assert [(i["type"], i["url"]) for i in items] == [("module", _expected_url())]
    assert _expected_url().startswith(f"{CARDS_URL}?v=")

    client = await hass_client()
    response = await client.get(_expected_url())
    assert response.status == HTTPStatus.OK
    assert await response.read() == CARDS_PATH.read_bytes()
    assert "javascript" in response.headers["Content-Type"]


async def test_second_call_is_a_no_op(hass: HomeAssistant) -> None:
    """Calling twice (e.g. a reload) neither re-registers the route nor duplicates."""
    assert await async_setup_component(hass, "http", {})
    assert await async_setup_component(hass, "lovelace", {})

    await async_register_frontend(hass)
    await async_register_frontend(hass)
    await hass.async_block_till_done()

    assert len(await _resources(hass)) == 1


async def test_storage_mode_updates_stale_version_and_drops_duplicates(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """An old version is rewritten in place; duplicates go; other resources stay."""
    hass_storage[RESOURCES_KEY] = {
        "version": 1,
        "key": RESOURCES_KEY,
        "data": {
            "items": [
                {"id": "other", "type": "module", "url": "/local/other-card.js"},
                {"id": "old", "type": "js", "url": f"{CARDS_URL}?v=0.0.1"},
                {"id": "dup", "type": "module", "url": CARDS_URL},
            ]
        },
    }
    assert await async_setup_component(hass, "http", {})
    assert await async_setup_component(hass, "lovelace", {})

    await async_register_frontend(hass)
    await hass.async_block_till_done()

    items = {i["id"]: (i["type"], i["url"]) for i in await _resources(hass)}
    assert items == {
        "other": ("module", "/local/other-card.js"),
        "old": ("module", _expected_url()),
    }


async def test_storage_mode_leaves_current_resource_alone(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """A resource already at the current version is not rewritten."""
    hass_storage[RESOURCES_KEY] = {
        "version": 1,
        "key": RESOURCES_KEY,
        "data": {"items": [{"id": "cur", "type": "module", "url": _expected_url()}]},
    }
    assert await async_setup_component(hass, "http", {})
    assert await async_setup_component(hass, "lovelace", {})
    collection = hass.data[LOVELACE_DATA].resources
    assert isinstance(collection, ResourceStorageCollection)
    await collection.async_get_info()
    changes: list[tuple[Any, ...]] = []

    async def listener(*args: Any) -> None:
        changes.append(args)

    collection.async_add_listener(listener)

    await async_register_frontend(hass)
    await hass.async_block_till_done()

    assert changes == []
    assert [i["url"] for i in await _resources(hass)] == [_expected_url()]


async def test_waits_for_lovelace(hass: HomeAssistant) -> None:
    """Called before lovelace is set up, the resource appears once it is."""
    assert await async_setup_component(hass, "http", {})
    assert "lovelace" not in hass.config.components

    await async_register_frontend(hass)
    await hass.async_block_till_done()
    assert LOVELACE_DATA not in hass.data

    assert await async_setup_component(hass, "lovelace", {})
    await hass.async_block_till_done()

    assert [i["url"] for i in await _resources(hass)] == [_expected_url()]


@pytest.mark.parametrize("key", ["resource_mode", "mode"])
async def test_yaml_resources_fall_back_to_extra_module_url(hass: HomeAssistant, key: str) -> None:
    """With YAML-managed resources the module is added as an extra frontend module."""
    added: list[tuple[str, str]] = []
    # What the frontend integration puts in hass.data (its package is not installed here).
    hass.data[DATA_EXTRA_MODULE_URL] = UrlManager(lambda *a: added.append(a), [])
    assert await async_setup_component(hass, "http", {})
    assert await async_setup_component(hass, "lovelace", {"lovelace": {key: "yaml"}})

    await async_register_frontend(hass)
    await hass.async_block_till_done()

    assert hass.data[LOVELACE_DATA].resources.async_items() == []
    assert hass.data[DATA_EXTRA_MODULE_URL].urls == frozenset({_expected_url()})
    assert added == [("added", _expected_url())]


async def test_yaml_resources_wait_for_the_frontend(hass: HomeAssistant) -> None:
    """YAML-managed resources and no frontend yet: the module is added once it loads."""
    assert await async_setup_component(hass, "http", {})
    assert await async_setup_component(hass, "lovelace", {"lovelace": {"resource_mode": "yaml"}})

    await async_register_frontend(hass)
    await hass.async_block_till_done()
    assert DATA_EXTRA_MODULE_URL not in hass.data

    # What the frontend integration does when it is set up.
    hass.data[DATA_EXTRA_MODULE_URL] = UrlManager(lambda *a: None, [])
    hass.config.components.add("frontend")
    hass.bus.async_fire(EVENT_COMPONENT_LOADED, {ATTR_COMPONENT: "frontend"})
    await hass.async_block_till_done()

    assert hass.data[DATA_EXTRA_MODULE_URL].urls == frozenset({_expected_url()})


DASHBOARDS = Path(__file__).parent.parent / "lovelace" / "dashboards"
ENTITY_KEYS = {
    "sensor": {
        "heart_rate",
        "spo2",
        "body_temperature",
        "ambient_temperature",
        "humidity",
        "perfusion_index",
        "patient_status",
    },
    "binary_sensor": {"connectivity", "finger_detected", "alert_active"},
    "button": {"calibrate", "restart"},
    "event": {"alert"},
}
PLACEHOLDER = re.compile(r"^(\w+)\.<patient>_(\w+)$")


def _cards(dashboard: dict[str, Any]) -> list[dict[str, Any]]:
    """Every card of a dashboard config, in views, sections and nested stacks."""
    found: list[dict[str, Any]] = []

    def walk(cards: list[dict[str, Any]]) -> None:
        for card in cards:
            found.append(card)
            walk(card.get("cards", []))

    for view in dashboard["views"]:
        walk(view.get("cards", []))
        for section in view.get("sections", []):
            walk(section.get("cards", []))
    return found


def _entity_ids(node: Any) -> list[str]:
    """Every entity id a config mentions (entity:, entity_id:, entities: [...])."""
    if isinstance(node, list):
        return [i for v in node for i in _entity_ids(v)]
    if not isinstance(node, dict):
        return []
    ids: list[str] = []
    for key, value in node.items():
        if key in {"entity", "entity_id"} and isinstance(value, str):
            ids.append(value)
        elif key == "entities" and isinstance(value, list):
            ids += [v for v in value if isinstance(v, str)]
            ids += _entity_ids([v for v in value if not isinstance(v, str)])
        else:
            ids += _entity_ids(value)
    return ids


def _load(name: str) -> dict[str, Any]:
    data = load_yaml(DASHBOARDS / name)
    assert isinstance(data, dict)
    assert data["views"]
    return data


def _check_placeholders(data: dict[str, Any]) -> None:
    ids = _entity_ids(data["views"])
    assert ids
    for entity_id in ids:
        match = PLACEHOLDER.match(entity_id)
        assert match, entity_id
        assert match.group(2) in ENTITY_KEYS[match.group(1)], entity_id


def test_dashboard_with_fajma_cards() -> None:
    """The ready dashboard uses both FAJMA cards and only valid placeholders."""
    data = _load("fajma.yaml")
    types = {card["type"] for card in _cards(data)}
    assert {"custom:fajma-overview-card", "custom:fajma-patient-card"} <= types
    _check_placeholders(data)


def test_dashboard_with_builtin_cards_only() -> None:
    """The fallback dashboard uses tile, history-graph and entities cards only."""
    data = _load("fajma-builtin.yaml")
    types = {card["type"] for card in _cards(data)}
    assert types == {"tile", "history-graph", "entities"}
    _check_placeholders(data)
    mentioned = {PLACEHOLDER.match(i).group(2) for i in _entity_ids(data["views"])}  # type: ignore[union-attr]
    assert mentioned == set().union(*ENTITY_KEYS.values())
