"""What the browser tests share: Debian's chromium, the flags it needs here, and pixels of a screenshot.

The browser tests fail rather than skip when chromium is missing (`.ci/run` installs it).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

if TYPE_CHECKING:
    from playwright.sync_api import Locator

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


def follow(target: Locator) -> None:
    """Click a link or a form's button and wait until the page it opens has loaded.

    A click returns once the navigation has started; reading the page at once (a locator's
    `count()`, `all()`, `is_visible()`, or `page.url`) could read the page being left, or the new
    one before its body arrived (CI failed so, once each, in four desk tests). Every click that
    leaves the page goes through here; a click that stays (a menu toggle, a `<details>`, a
    download, a link to an anchor) says so on its line: `# stays on the page`.
    """
    with target.page.expect_navigation(wait_until="load"):
        target.click()
