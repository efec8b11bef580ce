"""What the browser tests share: Debian's chromium, the flags it needs here, and pixels of a screenshot.

The browser tests fail rather than skip when chromium is missing (`.ci/run` installs it).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """A screenshot's width, height and rows of RGB bytes (three bytes a pixel), decoded by Pillow."""
    with Image.open(path) as img:
        rgb = img.convert("RGB")
        width, height = rgb.size
        data = rgb.tobytes()
    stride = width * 3
    return width, height, [data[y * stride : (y + 1) * stride] for y in range(height)]
