"""Draw Gatehouse's app icons (any + maskable) with Pillow.

Run from the repository root: `.venv/bin/python pwa/tools/make_icons.py`.
The PNGs it writes are committed; rerun only when the artwork changes.
"""
from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "icons"
BG = (14, 23, 38)        # the app's dark theme colour
GATE = (255, 196, 0)     # high-visibility amber
SHADOW = (9, 15, 25)


def draw_gate(size: int, safe: float) -> Image.Image:
    """A gatehouse arch with a barrier arm; `safe` is the fraction kept clear at the edge."""
    img = Image.new("RGBA", (size, size), BG + (255,))
    d = ImageDraw.Draw(img)
    m = size * safe
    w = size - 2 * m
    # Arch (the gatehouse) as a thick outline.
    t = w * 0.11
    left, right = m + w * 0.18, m + w * 0.82
    top, bottom = m + w * 0.12, m + w * 0.86
    d.rounded_rectangle([left, top, right, bottom], radius=w * 0.3, outline=GATE, width=round(t))
    d.rectangle([left - t, bottom - t * 0.6, right + t, bottom + t * 0.4], fill=GATE)
    # Barrier arm across the opening with reflective stripes.
    ay = m + w * 0.56
    arm = [m + w * 0.05, ay - t * 0.55, m + w * 0.95, ay + t * 0.55]
    d.rounded_rectangle(arm, radius=t * 0.5, fill=(245, 245, 245))
    stripe = (arm[2] - arm[0]) / 7
    for i in range(1, 7, 2):
        x0 = arm[0] + i * stripe
        d.rectangle([x0, arm[1], x0 + stripe, arm[3]], fill=(220, 38, 38))
    return img


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for size in (192, 512):
        draw_gate(size, 0.06).save(OUT / f"icon-{size}.png", optimize=True)
        # Maskable icons keep the artwork inside the 80 % safe zone.
        draw_gate(size, 0.16).save(OUT / f"maskable-{size}.png", optimize=True)
    draw_gate(180, 0.1).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
