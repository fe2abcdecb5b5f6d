"""Write the firmware's secrets: a random API encryption key and hotspot password.

`scripts/setup` runs this (with only the standard library, before any virtualenv exists):

    python -m fajma_tools.firmware_secrets [--quiet] [PATH]     # PATH: esphome/secrets.yaml

- No file: it is written with fresh random secrets and Wi-Fi placeholders (mode 0600).
- A file: every secret it already has is kept as it is. A missing one is added. A value that
  is not secret at all - a placeholder of `secrets.example.yaml` or a value once published in
  this repository - is replaced, and said so.
"""

from __future__ import annotations

import argparse
import base64
from collections.abc import Callable
import os
from pathlib import Path
import re
import secrets
import sys

REPO = Path(__file__).resolve().parent.parent
SECRETS = REPO / "esphome" / "secrets.yaml"

API_KEY = "fajma_api_encryption_key"
HOTSPOT_PASSWORD = "fajma_hotspot_password"


def new_api_key() -> str:
    """A Noise pre-shared key as ESPHome expects it: 32 random bytes, base64."""
    return base64.b64encode(secrets.token_bytes(32)).decode()


def new_hotspot_password() -> str:
    """A WPA2 passphrase (8-63 characters): 24 random URL-safe characters (144 bits)."""
    return secrets.token_urlsafe(18)


GENERATORS: dict[str, Callable[[], str]] = {
    API_KEY: new_api_key,
    HOTSPOT_PASSWORD: new_hotspot_password,
}
# Values that protect nothing: the example's placeholders and what it once published.
# esphome/components/fajma_secrets refuses the same values at `esphome config` time.
PUBLIC_VALUES = frozenset(
    {
        "UlVOIHNjcmlwdHMvc2V0dXA6IG5vIGtleSBoZXJlISE=",  # "RUN scripts/setup: no key here!!"
        "bm90LWEtcmVhbC1rZXktcmVwbGFjZS1tZS1wbGVhc2U=",  # the example's key until issue 11
        "change-me",
    }
)
PLACEHOLDER_PREFIX = "RUN-scripts/setup"

TEMPLATE = """\
# The FAJMA firmware's secrets, written by scripts/setup. Never commit this file (.gitignore
# covers it); scripts/setup never overwrites a secret that is already here.
# Set your Wi-Fi. (Left as is, the device opens its "FAJMA setup" hotspot, where you can
# choose a network: join it with fajma_hotspot_password.)
wifi_ssid: "my-wifi"
wifi_password: "my-wifi-password"
# The API encryption key: paste it into Home Assistant when you add the device. It also
# encrypts and authenticates updates over the air.
{api_key_line}
# The WPA2 password of the fallback hotspot "FAJMA setup".
{hotspot_line}
"""

_LINE = re.compile(r"^(?P<key>[A-Za-z0-9_]+)\s*:\s*(?P<value>.*?)\s*$")


def _line(key: str, value: str) -> str:
    return f'{key}: "{value}"'


def _unquote(value: str) -> str:
    value = value.split(" #", 1)[0].strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def is_public(value: str) -> bool:
    """True for a value that is no secret: a placeholder or a once-published value."""
    return value in PUBLIC_VALUES or value.startswith(PLACEHOLDER_PREFIX)


def ensure_secrets(path: Path) -> list[str]:
    """Create or complete the secrets file; return what was done (empty: nothing to do)."""
    if not path.exists():
        text = TEMPLATE.format(
            api_key_line=_line(API_KEY, new_api_key()),
            hotspot_line=_line(HOTSPOT_PASSWORD, new_hotspot_password()),
        )
        _write(path, text)
        return [f"wrote {path} with a new API encryption key and hotspot password"]
    lines = path.read_text(encoding="utf-8").splitlines()
    done: list[str] = []
    seen: set[str] = set()
    for index, line in enumerate(lines):
        match = _LINE.match(line)
        if match is None or match["key"] not in GENERATORS:
            continue
        key = match["key"]
        seen.add(key)
        if is_public(_unquote(match["value"])):
            lines[index] = _line(key, GENERATORS[key]())
            done.append(f"replaced {key} in {path}: its value was public, not a secret")
    for key, generate in GENERATORS.items():
        if key not in seen:
            lines.append(_line(key, generate()))
            done.append(f"added a new {key} to {path}")
    if done:
        _write(path, "\n".join(lines) + "\n")
    return done


def _write(path: Path, text: str) -> None:
    """Write readable by its owner only, replacing the file in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(text)
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=SECRETS)
    parser.add_argument("--quiet", action="store_true", help="say nothing when nothing changes")
    args = parser.parse_args(argv)
    done = ensure_secrets(args.path)
    for message in done:
        print(f"setup: {message}")
    if done:
        print(
            f"setup: the key to paste into Home Assistant: grep {API_KEY} {args.path}; "
            "set wifi_ssid and wifi_password there before flashing"
        )
    elif not args.quiet:
        print(f"setup: {args.path} has its secrets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
