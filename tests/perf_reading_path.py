"""CPU per batch of readings inside Home Assistant, without the network: where FAJMA's time goes.

Not a test (pytest collects test_*.py only): a benchmark that prints, run it by name on a quiet
machine:

    .venv/bin/python -m pytest tests/perf_reading_path.py -s -p no:cacheprovider

A fake device publishes batches like the benchmark's scenario (5 readings that change and the
perfusion index that does not) into a real Home Assistant test instance; each figure is the best
of 5 runs of 3000 batches, process CPU time per batch. "without state writes" replaces Home
Assistant's `async_write_ha_state` by a no-op, "harness only" drops the readings on arrival:
the difference between them is FAJMA's own work (classification, patient status, alert engine,
deciding what to write); the rest is Home Assistant writing five states, as core's esphome
integration does for the same readings. scripts/bench measures the real thing.
"""

from __future__ import annotations

from collections.abc import Callable
import time

from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity import Entity
from pytest_homeassistant_custom_component.common import MockConfigEntry

from tests.conftest import FakeDevice, publish_all, setup_entry, unload_entry

BATCHES = 3000
RUNS = 5


def publish_batch(device: FakeDevice, i: int) -> None:
    """One period of the benchmark's scenario: every value changes, within the normal bands."""
    device.publish("heart_rate", 70 + i % 20)
    device.publish("spo2", 95 + i % 4)
    device.publish("body_temperature", 36.5 + (i % 5) / 10)
    device.publish("ambient_temperature", 21 + (i % 7) / 10)
    device.publish("humidity", 40 + i % 9)
    device.publish("perfusion_index", 2.5)


async def cpu_per_batch(hass: HomeAssistant, device: FakeDevice) -> float:
    """Best process CPU time per batch, in µs, of RUNS runs of BATCHES batches."""
    best = float("inf")
    for _ in range(RUNS):
        start = time.process_time()
        for i in range(BATCHES):
            publish_batch(device, i)
            await hass.async_block_till_done()
        best = min(best, time.process_time() - start)
    return best / BATCHES * 1e6


async def test_cpu_per_batch(
    hass: HomeAssistant,
    fake_device: FakeDevice,
    fake_entry: MockConfigEntry,
) -> None:
    """Print the figures (see the module docstring)."""
    hass.loop.set_debug(False)  # the test harness's asyncio debug mode costs more than FAJMA
    await setup_entry(hass, fake_entry)
    publish_all(fake_device)
    await hass.async_block_till_done()
    for i in range(200):  # warm up
        publish_batch(fake_device, i)
        await hass.async_block_till_done()
    figures = {"FAJMA, all of it": await cpu_per_batch(hass, fake_device)}

    write: Callable[[Entity], None] = Entity.async_write_ha_state
    Entity.async_write_ha_state = lambda self: None  # type: ignore[method-assign]
    try:
        figures["without state writes"] = await cpu_per_batch(hass, fake_device)
    finally:
        Entity.async_write_ha_state = write  # type: ignore[method-assign]
    on_state = fake_device.client.on_state
    fake_device.client.on_state = lambda state: None
    figures["harness only"] = await cpu_per_batch(hass, fake_device)
    fake_device.client.on_state = on_state

    print()
    for label, micros in figures.items():
        print(f"{label:>24}: {micros:6.1f} µs per batch of 6 readings")
    own = figures["without state writes"] - figures["harness only"]
    writes = figures["FAJMA, all of it"] - figures["without state writes"]
    print(
        f"{'FAJMA own work':>24}: {own:6.1f} µs; Home Assistant's 5 state writes: {writes:.1f} µs"
    )
    await unload_entry(hass, fake_entry)
