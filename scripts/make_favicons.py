"""Draws the PNG and ICO fallbacks of the favicon from the same geometry as
static/img/favicon.svg (the CATE mark: a rounded purple square, an open white ring, a gold dot).

Browsers that read SVG icons use the SVG; the others (older Safari, Windows tiles, the iOS home
screen) use these. They are drawn with Pillow from the numbers below, not rasterized from the
SVG, so the output is the same on every machine: run from the project root,
`python scripts/make_favicons.py`, and commit static/img/favicon.ico, favicon-32.png and
apple-touch-icon.png. Run it again only when the mark changes (and change the SVG with it).
"""

import math
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "static" / "img"

# The mark in favicon.svg's 64-unit box.
BOX = 64
CORNER = 14
PURPLE = (0x5B, 0x2A, 0x86, 255)
GOLD = (0xF4, 0xC1, 0x52, 255)
WHITE = (255, 255, 255, 255)
RING_CENTRE = (32, 34)
RING_RADIUS = 17
RING_WIDTH = 7
# The ring is open between these angles (degrees clockwise from 3 o'clock), top right.
RING_FROM, RING_TO = -15, 285
DOT_CENTRE = (48.26, 17.74)
DOT_RADIUS = 5.5
# Drawn this many times larger, then reduced: smooth edges without anti-aliasing primitives.
OVERSAMPLE = 8


def draw_mark(size: int) -> Image.Image:
    """The mark as a `size`-pixel square RGBA image."""
    scale = size * OVERSAMPLE / BOX
    image = Image.new("RGBA", (size * OVERSAMPLE,) * 2, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle(
        (0, 0, BOX * scale - 1, BOX * scale - 1), radius=CORNER * scale, fill=PURPLE
    )
    cx, cy = (c * scale for c in RING_CENTRE)
    outer = (RING_RADIUS + RING_WIDTH / 2) * scale
    draw.arc(
        (cx - outer, cy - outer, cx + outer, cy + outer),
        RING_FROM,
        RING_TO,
        fill=WHITE,
        width=round(RING_WIDTH * scale),
    )
    cap = RING_WIDTH / 2 * scale
    for angle in (RING_FROM, RING_TO):  # round ends, as stroke-linecap="round"
        x = cx + RING_RADIUS * scale * math.cos(math.radians(angle))
        y = cy + RING_RADIUS * scale * math.sin(math.radians(angle))
        draw.ellipse((x - cap, y - cap, x + cap, y + cap), fill=WHITE)
    dx, dy, r = DOT_CENTRE[0] * scale, DOT_CENTRE[1] * scale, DOT_RADIUS * scale
    draw.ellipse((dx - r, dy - r, dx + r, dy + r), fill=GOLD)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    draw_mark(32).save(TARGET / "favicon-32.png", optimize=True)
    # The iOS home screen draws its own rounded corners over an opaque square.
    touch = Image.new("RGBA", (180, 180), PURPLE)
    touch.alpha_composite(draw_mark(180))
    touch.convert("RGB").save(TARGET / "apple-touch-icon.png", optimize=True)
    draw_mark(48).save(TARGET / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    print(f"Wrote favicon.ico, favicon-32.png and apple-touch-icon.png in {TARGET}")


if __name__ == "__main__":
    main()
