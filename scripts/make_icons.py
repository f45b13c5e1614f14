#!/usr/bin/env python3
"""Draws the app icons (a stylised council building on green) as PNG, with no
dependencies beyond the standard library. Run once after changing the design:

    python3 scripts/make_icons.py

Writes public/icons/icon-192.png, icon-512.png, icon-maskable-512.png (artwork kept
inside the 80% safe zone, full-bleed background) and apple-touch-icon.png (180 px)."""
import struct
import zlib
from pathlib import Path

GREEN = (11, 93, 59)
WHITE = (255, 255, 255)
GOLD = (242, 183, 5)
OUT = Path(__file__).resolve().parent.parent / "public" / "icons"


def shapes():
    """Shapes in a unit square (0..1), drawn in order: (kind, colour, params)."""
    s = []
    # Roof (pediment) as a triangle.
    s.append(("tri", WHITE, ((0.5, 0.18), (0.14, 0.38), (0.86, 0.38))))
    s.append(("rect", WHITE, (0.18, 0.40, 0.82, 0.45)))  # architrave
    for i in range(4):  # columns
        x = 0.23 + i * 0.155
        s.append(("rect", WHITE, (x, 0.47, x + 0.075, 0.72)))
    s.append(("rect", WHITE, (0.16, 0.74, 0.84, 0.79)))  # base
    s.append(("rect", GOLD, (0.12, 0.81, 0.88, 0.85)))   # step
    return s


def inside(kind, p, x, y):
    if kind == "rect":
        x0, y0, x1, y1 = p
        return x0 <= x <= x1 and y0 <= y <= y1
    (ax, ay), (bx, by), (cx, cy) = p
    d1 = (x - bx) * (ay - by) - (ax - bx) * (y - by)
    d2 = (x - cx) * (by - cy) - (bx - cx) * (y - cy)
    d3 = (x - ax) * (cy - ay) - (cx - ax) * (y - ay)
    neg = d1 < 0 or d2 < 0 or d3 < 0
    pos = d1 > 0 or d2 > 0 or d3 > 0
    return not (neg and pos)


def render(size, scale=1.0, rounded=True):
    """scale < 1 shrinks the artwork toward the centre (maskable safe zone)."""
    sh = shapes()
    radius = 0.18 if rounded else 0.0
    rows = []
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            acc = [0.0, 0.0, 0.0, 0.0]
            for sx, sy in ((0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)):
                u, v = (px + sx) / size, (py + sy) / size
                if radius and not in_rounded(u, v, radius):
                    continue
                colour = GREEN
                au = 0.5 + (u - 0.5) / scale
                av = 0.5 + (v - 0.5) / scale
                for kind, c, p in sh:
                    if inside(kind, p, au, av):
                        colour = c
                acc[0] += colour[0]
                acc[1] += colour[1]
                acc[2] += colour[2]
                acc[3] += 255
            row += bytes(int(a / 4 + 0.5) for a in acc)
        rows.append(bytes(row))
    return png(size, b"".join(rows))


def in_rounded(u, v, r):
    cx = min(max(u, r), 1 - r)
    cy = min(max(v, r), 1 - r)
    return (u - cx) ** 2 + (v - cy) ** 2 <= r * r


def png(size, raw):
    """An indexed-colour PNG of the RGBA rows in `raw` (each row: filter byte 0, then
    RGBA): the artwork has a handful of colours (four, averaged over four samples at
    the edges), so a palette holds it exactly at a fraction of the bytes of RGBA; the
    icons are part of what a phone downloads to install the app."""
    stride = 1 + 4 * size
    rows = [raw[r * stride + 1:(r + 1) * stride] for r in range(size)]
    palette = {}
    for row in rows:
        for k in range(0, len(row), 4):
            palette.setdefault(row[k:k + 4], len(palette))
    if len(palette) > 256:
        raise SystemExit("make_icons: more than 256 colours, a palette cannot hold them")
    depth = next(d for d in (1, 2, 4, 8) if len(palette) <= 1 << d)
    per_byte = 8 // depth
    packed = bytearray()
    for row in rows:
        packed.append(0)
        idx = [palette[row[k:k + 4]] for k in range(0, len(row), 4)]
        for start in range(0, size, per_byte):
            byte = 0
            for j, i in enumerate(idx[start:start + per_byte]):
                byte |= i << (8 - depth * (j + 1))
            packed.append(byte)
    colours = sorted(palette, key=palette.get)
    plte = b"".join(c[:3] for c in colours)
    alpha = bytes(c[3] for c in colours).rstrip(b"\xff")

    def chunk(tag, data):
        c = struct.pack(">I", len(data)) + tag + data
        return c + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", size, size, depth, 3, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"PLTE", plte)
            + (chunk(b"tRNS", alpha) if alpha else b"")
            + chunk(b"IDAT", zlib.compress(bytes(packed), 9)) + chunk(b"IEND", b""))


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "icon-192.png").write_bytes(render(192))
    (OUT / "icon-512.png").write_bytes(render(512))
    (OUT / "icon-maskable-512.png").write_bytes(render(512, scale=0.78, rounded=False))
    (OUT / "apple-touch-icon.png").write_bytes(render(180, rounded=False))
    print("icons written to", OUT)


if __name__ == "__main__":
    main()
