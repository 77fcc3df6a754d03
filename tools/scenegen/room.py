"""Procedural rooms seen from the mirror: back wall, sometimes a side wall, floor, door, furniture, frames, window.

A room is rendered once as linear-light albedo (a window may exceed 1: it is a light source) and reused for every
frame of a scenario, since the mirror does not move.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from .body import Camera
from .colours import srgb_to_linear


def _muted(rng: np.random.Generator, lightness: tuple[float, float], saturation: float) -> np.ndarray:
    grey = rng.uniform(*lightness)
    tint = rng.normal(0, saturation, 3)
    return np.clip(grey + tint - tint.mean(), 0.02, 0.98)


def render_room(seed: int, camera: Camera) -> np.ndarray:
    """The albedo (H x W x 3, linear light, float32) of the room with this seed."""
    rng = np.random.default_rng([seed, 7001])
    w, h = camera.width, camera.height
    img = Image.new("RGB", (w, h))
    draw = ImageDraw.Draw(img)
    wall_distance = rng.uniform(3.0, 4.5)
    s = camera.focal_px / wall_distance

    def y_at(height_m: float) -> float:
        return h / 2 + s * (camera.height_m - height_m)

    def rgb(v: np.ndarray) -> tuple[int, int, int]:
        return tuple(int(c * 255) for c in np.clip(v, 0, 1))  # type: ignore[return-value]

    wall = _muted(rng, (0.55, 0.9), 0.05)
    floor_y = y_at(0.0)
    draw.rectangle([0, 0, w, h], fill=rgb(wall))
    # Floor: planks converging to the vanishing point, carpet or tiles.
    floor_kind = rng.choice(["planks", "carpet", "tiles"])
    floor = _muted(rng, (0.25, 0.6), 0.03) if floor_kind != "planks" else np.array([0.55, 0.38, 0.22]) * rng.uniform(0.6, 1.3)
    draw.rectangle([0, floor_y, w, h], fill=rgb(floor))
    vx, vy = w / 2 + rng.normal(0, 20), h / 2
    if floor_kind in ("planks", "tiles"):
        line = rgb(floor * 0.75)
        for k in range(-12, 13):
            x_far = vx + k * 0.14 * s
            x_near = vx + (x_far - vx) * (h - vy) / max(floor_y - vy, 1.0)
            draw.line([x_far, floor_y, x_near, h], fill=line, width=1)
        if floor_kind == "tiles":
            for d in np.arange(wall_distance - 0.4, 0.5, -0.4):
                yy = h / 2 + camera.focal_px * camera.height_m / d
                draw.line([0, yy, w, yy], fill=line, width=1)
    # Skirting board.
    draw.rectangle([0, y_at(0.08), w, floor_y], fill=rgb(np.clip(wall * 1.05 + 0.05, 0, 1)))
    # Side wall on one side.
    if rng.uniform() < 0.6:
        side = rng.choice([-1, 1])
        corner_x = w / 2 + side * rng.uniform(0.25, 0.45) * w
        edge = 0 if side < 0 else w
        shade = wall * rng.uniform(0.75, 0.9)
        ceiling_y = y_at(2.6)
        draw.polygon([(corner_x, ceiling_y), (edge, ceiling_y - 0.5 * h), (edge, h + 0.3 * h), (corner_x, floor_y)], fill=rgb(shade))
        draw.line([corner_x, 0, corner_x, floor_y], fill=rgb(shade * 0.9), width=1)
    # Furniture and fixtures along the back wall, placed left to right without overlap.
    kinds = ["door", "wardrobe", "dresser", "frame", "window", "plant", "chair", "shelf"]
    chosen = list(rng.choice(kinds, size=int(rng.integers(2, 5)), replace=False))
    span = w / s  # visible wall width in metres
    x_m = -span / 2 + rng.uniform(-0.2, 0.3)
    window_boxes = []
    for kind in chosen:
        widths = {"door": 0.85, "wardrobe": rng.uniform(0.8, 1.4), "dresser": rng.uniform(0.8, 1.2), "frame": rng.uniform(0.4, 0.8),
                  "window": rng.uniform(0.6, 1.1), "plant": 0.4, "chair": 0.5, "shelf": rng.uniform(0.6, 1.0)}  # fmt: skip
        width_m = widths[kind]
        x0 = w / 2 + s * x_m
        x1 = x0 + s * width_m
        x_m += width_m + rng.uniform(0.1, 0.5)
        colour = _muted(rng, (0.2, 0.85), 0.08)
        wood = np.array([0.5, 0.34, 0.2]) * rng.uniform(0.6, 1.4)
        if kind == "door":
            frame_c = np.clip(wall * 0.9, 0, 1)
            draw.rectangle([x0 - 4, y_at(2.08), x1 + 4, floor_y], fill=rgb(frame_c))
            door_c = wood if rng.uniform() < 0.5 else _muted(rng, (0.75, 0.95), 0.02)
            draw.rectangle([x0, y_at(2.02), x1, floor_y], fill=rgb(door_c))
            hx = x1 - 0.1 * s
            draw.rectangle([hx - 0.05 * s, y_at(1.02), hx, y_at(0.98)], fill=rgb(np.array([0.75, 0.72, 0.6])))
        elif kind == "wardrobe":
            top = y_at(rng.uniform(1.9, 2.3))
            draw.rectangle([x0, top, x1, floor_y], fill=rgb(wood if rng.uniform() < 0.5 else colour))
            draw.line([(x0 + x1) / 2, top + 4, (x0 + x1) / 2, floor_y - 4], fill=rgb(colour * 0.5), width=2)
        elif kind == "dresser":
            top = y_at(rng.uniform(0.75, 1.0))
            draw.rectangle([x0, top, x1, floor_y], fill=rgb(wood))
            for k in range(1, 4):
                yy = top + (floor_y - top) * k / 4
                draw.line([x0 + 3, yy, x1 - 3, yy], fill=rgb(wood * 0.6), width=1)
        elif kind == "frame":
            # A picture or a mirror frame on the wall.
            top, bottom = y_at(rng.uniform(1.6, 2.0)), y_at(rng.uniform(1.0, 1.4))
            draw.rectangle([x0, top, x1, bottom], fill=rgb(wood * 0.8))
            inner = _muted(rng, (0.3, 0.95), 0.2)
            b = max(2, int(0.04 * s))
            draw.rectangle([x0 + b, top + b, x1 - b, bottom - b], fill=rgb(inner))
        elif kind == "window":
            top, bottom = y_at(2.1), y_at(0.9)
            draw.rectangle([x0 - 3, top - 3, x1 + 3, bottom + 3], fill=rgb(np.array([0.9, 0.9, 0.88])))
            draw.rectangle([x0, top, x1, bottom], fill=(255, 255, 255))
            window_boxes.append((x0, top, x1, bottom))
        elif kind == "plant":
            pot_top = y_at(0.35)
            draw.rectangle([x0 + 0.1 * s, pot_top, x1 - 0.1 * s, floor_y], fill=rgb(colour))
            draw.ellipse([x0, y_at(1.2), x1, pot_top + 5], fill=rgb(np.array([0.15, 0.35, 0.12]) * rng.uniform(0.7, 1.3)))
        elif kind == "chair":
            seat = y_at(0.45)
            draw.rectangle([x0, y_at(0.95), x0 + 0.06 * s, floor_y], fill=rgb(wood))
            draw.rectangle([x0, seat, x1, seat + 0.05 * s], fill=rgb(wood))
            draw.rectangle([x1 - 0.05 * s, seat, x1, floor_y], fill=rgb(wood))
        elif kind == "shelf":
            for height_m in (1.3, 1.65):
                yy = y_at(height_m)
                draw.rectangle([x0, yy, x1, yy + 0.03 * s], fill=rgb(wood))
                bx = x0
                while bx < x1 - 0.05 * s:
                    bw = rng.uniform(0.03, 0.08) * s
                    draw.rectangle([bx, yy - rng.uniform(0.15, 0.25) * s, bx + bw, yy], fill=rgb(_muted(rng, (0.2, 0.8), 0.2)))
                    bx += bw + 1
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    albedo = srgb_to_linear(np.asarray(img, dtype=np.float64) / 255.0)
    grain = rng.normal(0, 0.015, (h // 4 + 1, w // 4 + 1))
    grain = np.kron(grain, np.ones((4, 4)))[:h, :w]
    albedo = albedo * (1.0 + grain[..., None])
    for x0, y0, x1, y1 in window_boxes:
        xa, xb = int(max(0, x0)), int(min(w, x1))
        ya, yb = int(max(0, y0)), int(min(h, y1))
        if xb > xa and yb > ya:
            albedo[ya:yb, xa:xb] = np.array([2.2, 2.3, 2.5]) * rng.uniform(0.8, 1.4)
    return albedo.astype(np.float32)
