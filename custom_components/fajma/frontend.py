"""Serve the FAJMA Lovelace cards and register them with the dashboards.

The cards are one ES module, ``frontend/fajma-cards.js``, built from ``lovelace/`` and
committed. ``async_register_frontend`` serves it at ``/fajma/fajma-cards.js`` and makes
the dashboards load it:

* storage-mode resources (the default): a Lovelace resource of type ``module`` is
  created, or updated in place, with a ``?v=<content hash>`` query so browsers fetch a
  new build as soon as the file changes;
* YAML-mode resources: the collection cannot be written, so the module is added to
  the frontend's extra module URLs instead (loaded on every page).

Lovelace may not be set up yet when this runs; the resource step then waits for it.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

from homeassistant.components.frontend import DATA_EXTRA_MODULE_URL, add_extra_js_url
from homeassistant.components.http.server import StaticPathConfig
from homeassistant.components.lovelace.const import LOVELACE_DATA, MODE_STORAGE
from homeassistant.components.lovelace.resources import ResourceStorageCollection
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_when_setup
from homeassistant.util.hass_dict import HassKey

_LOGGER = logging.getLogger(__name__)

URL_BASE = "/fajma"
CARDS_FILENAME = "fajma-cards.js"
CARDS_URL = f"{URL_BASE}/{CARDS_FILENAME}"
CARDS_PATH = Path(__file__).parent / "frontend" / CARDS_FILENAME
LOVELACE_DOMAIN = "lovelace"
FRONTEND_DOMAIN = "frontend"
RESOURCE_TYPE = "module"

DATA_FRONTEND: HassKey[str] = HassKey("fajma_frontend")
"""The versioned URL once the static path is registered (makes the call idempotent)."""


def file_version(path: Path) -> str:
    """Return a short content hash of the bundle, used as a cache-busting query."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def versioned_url(version: str) -> str:
    """Return the URL dashboards load, with its cache-busting query."""
    return f"{CARDS_URL}?v={version}"


def _is_ours(url: str) -> bool:
    """Tell whether a resource URL points at the FAJMA cards (any version)."""
    return url.split("?", 1)[0] == CARDS_URL


async def async_register_frontend(hass: HomeAssistant) -> None:
    """Serve the cards bundle and make the dashboards load it.

    Safe to call more than once: the static path is registered once and the
    Lovelace resource is created only when missing, or updated when its version changed.
    """
    if DATA_FRONTEND in hass.data:
        return
    version = await hass.async_add_executor_job(file_version, CARDS_PATH)
    url = versioned_url(version)
    await hass.http.async_register_static_paths(
        # The URL carries the content hash, so long-lived caching is safe.
        [StaticPathConfig(CARDS_URL, str(CARDS_PATH), cache_headers=True)]
    )
    hass.data[DATA_FRONTEND] = url

    if LOVELACE_DOMAIN in hass.config.components:
        await _async_register_resource(hass, url)
        return

    async def _when_lovelace_ready(hass: HomeAssistant, _component: str) -> None:
        await _async_register_resource(hass, url)

    async_when_setup(hass, LOVELACE_DOMAIN, _when_lovelace_ready)


async def _async_register_resource(hass: HomeAssistant, url: str) -> None:
    """Create or update the Lovelace resource, or fall back to an extra module URL."""
    lovelace = hass.data.get(LOVELACE_DATA)
    resources = lovelace.resources if lovelace is not None else None
    if (
        lovelace is None
        or lovelace.resource_mode != MODE_STORAGE
        or not isinstance(resources, ResourceStorageCollection)
    ):
        _LOGGER.debug("Lovelace resources are YAML-managed; adding %s as extra module", url)
        _add_extra_module(hass, url)
        return

    await resources.async_get_info()  # loads the collection from storage if needed
    ours: list[dict[str, Any]] = [
        item for item in resources.async_items() if _is_ours(str(item.get("url", "")))
    ]
    if not ours:
        _LOGGER.debug("Creating Lovelace resource %s", url)
        await resources.async_create_item({"res_type": RESOURCE_TYPE, "url": url})
        return

    first, *duplicates = ours
    if first.get("url") != url or first.get("type") != RESOURCE_TYPE:
        _LOGGER.debug("Updating Lovelace resource %s to %s", first.get("url"), url)
        await resources.async_update_item(first["id"], {"res_type": RESOURCE_TYPE, "url": url})
    for item in duplicates:
        _LOGGER.debug("Removing duplicate Lovelace resource %s", item.get("url"))
        await resources.async_delete_item(item["id"])


def _add_extra_module(hass: HomeAssistant, url: str) -> None:
    """Add the module to every frontend page, once the frontend is set up."""
    if DATA_EXTRA_MODULE_URL in hass.data:
        add_extra_js_url(hass, url)
        return

    async def _when_frontend_ready(hass: HomeAssistant, _component: str) -> None:
        add_extra_js_url(hass, url)

    async_when_setup(hass, FRONTEND_DOMAIN, _when_frontend_ready)
