"""Renders one frame: the room, the people in it, light, white balance, sensor noise, blur; and its ground truth."""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from . import rle
from .body import KEYPOINT_NAMES, Camera, Person, Pose, build_skeleton
from .colours import linear_to_srgb, srgb_to_linear
from .figure import BLOCK, FACE_DARK, GARMENT_BASE, HAIR, HAIR_BACK, HEAD, LIPS, SKIN, PaintedPerson, PersonPainter
from .garments import Item

MIN_VISIBLE_PIXELS = 30  # a garment with fewer visible pixels is listed as hidden, not as a box


@dataclass(frozen=True)
class Conditions:
    """Light and camera settings of one frame."""

    exposure: float
    white_balance: tuple[float, float, float]  # residual colour cast after the camera's auto white balance
    light_slope: float  # horizontal light gradient (window on one side)
    vignette: float
    noise_sigma: float  # in 8-bit levels
    blur_radius: float
    motion_px: float
    motion_angle_deg: float
    jpeg_quality: int


def random_conditions(rng: np.random.Generator, jpeg_quality: tuple[int, int] = (60, 95)) -> Conditions:
    """Random light and camera settings, from dim warm lamp light to bright cool daylight."""
    warmth = rng.uniform(-1, 1)
    wb = (1.0 + 0.12 * warmth + rng.normal(0, 0.02), 1.0, 1.0 - 0.15 * warmth + rng.normal(0, 0.02))
    return Conditions(
        exposure=float(rng.uniform(0.65, 1.3)),
        white_balance=tuple(float(v) for v in wb),  # type: ignore[arg-type]
        light_slope=float(rng.uniform(-0.35, 0.35)),
        vignette=float(rng.uniform(0.0, 0.35)),
        noise_sigma=float(rng.uniform(0.8, 5.0)),
        blur_radius=float(rng.choice([0.0, rng.uniform(0.3, 1.4)])),
        motion_px=float(rng.choice([0.0, 0.0, 0.0, rng.uniform(1.5, 5.0)])),
        motion_angle_deg=float(rng.uniform(0, 180)),
        jpeg_quality=int(rng.integers(jpeg_quality[0], jpeg_quality[1] + 1)),
    )


def jitter_conditions(base: Conditions, rng: np.random.Generator) -> Conditions:
    """Small frame-to-frame changes (auto exposure hunting, noise) around a session's conditions."""
    return Conditions(
        exposure=float(base.exposure * rng.uniform(0.95, 1.05)),
        white_balance=tuple(float(v * rng.uniform(0.99, 1.01)) for v in base.white_balance),  # type: ignore[arg-type]
        light_slope=base.light_slope,
        vignette=base.vignette,
        noise_sigma=float(base.noise_sigma * rng.uniform(0.9, 1.1)),
        blur_radius=base.blur_radius,
        motion_px=float(rng.choice([0.0, 0.0, 0.0, 0.0, rng.uniform(1.5, 4.0)])),
        motion_angle_deg=float(rng.uniform(0, 180)),
        jpeg_quality=base.jpeg_quality,
    )


@dataclass
class Figure:
    """A person to draw: who, how they stand, what they wear, and their role in the scene."""

    person: Person
    pose: Pose
    outfit: list[Item]
    role: str  # "owner" or "passerby"


@dataclass
class RenderedFrame:
    """The 8-bit RGB image, the label map, and the ground truth of one frame."""

    image: np.ndarray
    labels: np.ndarray
    people: list[PaintedPerson]
    truth_people: list[dict]
    conditions: Conditions

    def encode(self, fmt: str = "jpeg") -> bytes:
        """The frame as JPEG (at its conditions' quality) or PNG bytes; deterministic for the same pixels."""
        buffer = io.BytesIO()
        img = Image.fromarray(self.image)
        if fmt == "png":
            img.save(buffer, format="PNG", optimize=False, compress_level=6)
        else:
            img.save(buffer, format="JPEG", quality=self.conditions.jpeg_quality, optimize=True)
        return buffer.getvalue()


def _tile(seed: int, size: int, kind: str) -> np.ndarray:
    """A small periodic texture tile that belongs to one item (fabric grain or a printed motif)."""
    rng = np.random.default_rng([seed, 31 if kind == "grain" else 37])
    if kind == "grain":
        t = rng.normal(0, 1, (size, size))
        t = (t + np.roll(t, 1, 0) + np.roll(t, 1, 1)) / 3
        return t
    tile = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(tile)
    for _ in range(int(rng.integers(3, 7))):
        cx, cy, r = rng.uniform(0, size), rng.uniform(0, size), rng.uniform(size * 0.06, size * 0.18)
        petals = int(rng.integers(0, 6))
        for dx in (-size, 0, size):
            for dy in (-size, 0, size):
                if petals < 3:
                    draw.ellipse([cx + dx - r, cy + dy - r * 0.6, cx + dx + r, cy + dy + r * 0.6], fill=255)
                else:
                    for k in range(petals):
                        a = 2 * np.pi * k / petals
                        px, py = cx + dx + np.cos(a) * r * 0.7, cy + dy + np.sin(a) * r * 0.7
                        draw.ellipse([px - r * 0.35, py - r * 0.35, px + r * 0.35, py + r * 0.35], fill=255)
    return np.asarray(tile, dtype=np.float64) / 255.0


def _pattern_weight(item: Item, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Share of the secondary colour at garment coordinates u, v (metres on the body)."""
    a = np.radians(item.pattern_angle_deg)
    ru, rv = u * np.cos(a) + v * np.sin(a), -u * np.sin(a) + v * np.cos(a)
    p = item.pattern_period_m
    if item.pattern == "stripes":
        return ((rv / p) % 1.0 < 0.3).astype(np.float64)
    if item.pattern == "checks":
        return 0.5 * ((ru / p) % 1.0 < 0.22) + 0.5 * ((rv / p) % 1.0 < 0.22)
    if item.pattern == "dots":
        row = np.floor(rv / p)
        cu = ((ru / p + 0.5 * (row % 2)) % 1.0) - 0.5
        cv = ((rv / p) % 1.0) - 0.5
        return (cu * cu + cv * cv < 0.2**2).astype(np.float64)
    if item.pattern == "print":
        tile = _tile(item.pattern_seed, 64, "print")
        iu = ((u / (2 * p)) % 1.0 * 64).astype(np.int64) % 64
        iv = ((v / (2 * p)) % 1.0 * 64).astype(np.int64) % 64
        return tile[iv, iu]
    return np.zeros_like(u)


def _near_segment(px: np.ndarray, py: np.ndarray, a: np.ndarray, b: np.ndarray, sigma: float) -> np.ndarray:
    """A Gaussian falloff (1 on the segment a-b) of the distance of points to that segment."""
    d = b - a
    length2 = float(d @ d) or 1.0
    t = np.clip(((px - a[0]) * d[0] + (py - a[1]) * d[1]) / length2, 0.0, 1.0)
    dist2 = (px - a[0] - t * d[0]) ** 2 + (py - a[1] - t * d[1]) ** 2
    return np.exp(-dist2 / (2 * sigma * sigma))


def _motion_blur(img: np.ndarray, length: float, angle_deg: float) -> np.ndarray:
    steps = max(2, int(round(length)))
    dx, dy = np.cos(np.radians(angle_deg)), np.sin(np.radians(angle_deg))
    acc = np.zeros_like(img)
    h, w = img.shape[:2]
    pad = steps + 1
    padded = np.pad(img, ((pad, pad), (pad, pad), (0, 0)), mode="edge")
    for k in range(steps):
        t = k / (steps - 1) - 0.5
        ox, oy = int(round(t * length * dx)), int(round(t * length * dy))
        acc += padded[pad + oy : pad + oy + h, pad + ox : pad + ox + w]
    return acc / steps


def render_frame(camera: Camera, room_albedo: np.ndarray, figures: list[Figure], conditions: Conditions, rng: np.random.Generator) -> RenderedFrame:
    """Draws the figures (in list order, back to front) over the room under the given conditions."""
    w, h = camera.width, camera.height
    label_img = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(label_img)
    skeletons = [build_skeleton(f.person, f.pose, camera) for f in figures]
    shadow = Image.new("L", (w, h), 0)
    shadow_draw = ImageDraw.Draw(shadow)
    painted: list[PaintedPerson] = []
    for k, (figure, sk) in enumerate(zip(figures, skeletons)):
        feet = (sk.points["left_ankle"] + sk.points["right_ankle"]) / 2
        rx = 0.35 * sk.scale
        shadow_draw.ellipse([feet[0] - rx, feet[1] - 0.04 * sk.scale, feet[0] + rx, feet[1] + 0.09 * sk.scale], fill=110)
        painted.append(PersonPainter(sk, figure.outfit, (k + 1) * BLOCK, figure.role).paint(draw))
    labels = np.asarray(label_img, dtype=np.uint8).copy()

    # Albedo in linear light, then shading per person part.
    albedo = room_albedo.astype(np.float64).copy()
    shadow_f = np.asarray(shadow.filter(ImageFilter.GaussianBlur(max(2.0, 0.08 * w / 4))), dtype=np.float64) / 255.0
    albedo *= (1.0 - 0.55 * shadow_f)[..., None]
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float64)
    for person in painted:
        sk = person.skeleton
        origin = sk.points["neck"]
        metre = sk.scale * sk.person.height_m / 1.7
        fold_rng = np.random.default_rng(rng.integers(0, 2**31))
        folds = Image.fromarray((fold_rng.uniform(0, 255, (h // 24 + 2, w // 24 + 2))).astype(np.uint8)).resize((w, h), Image.BILINEAR)
        folds_f = (np.asarray(folds, dtype=np.float64) / 255.0 - 0.5) * 0.16
        skin = srgb_to_linear(np.array(sk.person.skin_srgb) / 255.0)
        colours = {
            SKIN: skin, HEAD: skin, HAIR: srgb_to_linear(np.array(sk.person.hair_srgb) / 255.0),
            HAIR_BACK: srgb_to_linear(np.array(sk.person.hair_srgb) / 255.0) * 0.85,
            FACE_DARK: skin * 0.18, LIPS: srgb_to_linear(np.array([170, 80, 80]) / 255.0) * 0.6 + skin * 0.4,
        }  # fmt: skip
        present = np.unique(labels[(labels >= person.base_label) & (labels < person.base_label + BLOCK)])
        for label in present:
            offset = int(label) - person.base_label
            mask = labels == label
            # Shade from the distance to the part's outline (a blurred mask), computed on the part's box only.
            radius = max(1.0, 0.025 * metre)
            x0, y0, x1, y1 = _box_of(mask)
            pad = int(3 * radius) + 2
            x0, y0, x1, y1 = max(0, x0 - pad), max(0, y0 - pad), min(w, x1 + pad), min(h, y1 + pad)
            part = Image.fromarray((mask[y0:y1, x0:x1] * 255).astype(np.uint8))
            rounded = np.zeros((h, w))
            rounded[y0:y1, x0:x1] = np.asarray(part.filter(ImageFilter.GaussianBlur(radius)), dtype=np.float64) / 255.0
            shade = 0.62 + 0.38 * np.clip(rounded * 1.6 - 0.3, 0, 1)
            sel = mask
            if offset >= GARMENT_BASE:
                item = person.items[int(label)]
                base = srgb_to_linear(np.array(item.base_srgb) / 255.0)
                second = srgb_to_linear(np.array(item.secondary_srgb) / 255.0)
                u = (xs[sel] - origin[0]) / metre
                v = (ys[sel] - origin[1]) / metre
                weight = _pattern_weight(item, u, v)[:, None]
                colour = base[None, :] * (1 - weight) + second[None, :] * weight
                grain = _tile(item.pattern_seed, 32, "grain")
                if item.category == "jeans":
                    # Denim: diagonal twill streaks, and faded fronts of the thighs.
                    gi = (((u + v) / 0.003) % 32).astype(np.int64), (((u - v) / 0.015) % 32).astype(np.int64)
                    colour = colour * (1.0 + item.texture * grain[gi[1], gi[0]])[:, None]
                    px, py = xs[sel], ys[sel]
                    fade = np.zeros_like(px)
                    for side in ("left", "right"):
                        hip, knee = sk.points[f"{side}_hip"], sk.points[f"{side}_knee"]
                        fade = np.maximum(fade, _near_segment(px, py, hip + (knee - hip) * 0.25, knee, 0.035 * metre))
                    colour = colour + (np.array([0.35, 0.38, 0.42]) - colour) * (0.22 * fade)[:, None]
                else:
                    gi = ((u / 0.004) % 32).astype(np.int64), ((v / 0.004) % 32).astype(np.int64)
                    colour = colour * (1.0 + item.texture * grain[gi[1], gi[0]])[:, None]
                if item.category == "shirts":
                    # Button placket down the middle of the front, with buttons every 8 cm.
                    placket = (np.abs(u) < 0.008) & (v > 0.04)
                    button = placket & (np.hypot(u, (v % 0.08) - 0.04) < 0.006)
                    colour = colour * np.where(placket, 0.85, 1.0)[:, None]
                    colour = np.where(button[:, None], colour * 0.5 + 0.04, colour)
                local_shade = shade[sel] * (1.0 + folds_f[sel])
            else:
                colour = np.broadcast_to(colours.get(offset, skin), (int(sel.sum()), 3))
                local_shade = shade[sel] * (1.0 + 0.3 * folds_f[sel])
            albedo[sel] = colour * local_shade[:, None]

    # Light: horizontal gradient, vignetting, exposure, white balance.
    nx, ny = xs / w - 0.5, ys / h - 0.5
    light = (1.0 + conditions.light_slope * nx * 2) * (1.0 - conditions.vignette * (nx * nx + ny * ny) * 2)
    linear = albedo * light[..., None] * conditions.exposure * np.array(conditions.white_balance)
    srgb = linear_to_srgb(linear)
    if conditions.blur_radius > 0.05:
        blurred = Image.fromarray((srgb * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(conditions.blur_radius))
        srgb = np.asarray(blurred, dtype=np.float64) / 255.0
    if conditions.motion_px > 0.5:
        srgb = _motion_blur(srgb, conditions.motion_px, conditions.motion_angle_deg)
    noise = rng.normal(0, 1, srgb.shape) * (conditions.noise_sigma / 255.0) * (0.5 + np.sqrt(np.clip(srgb, 0, 1)))
    image = np.clip(np.round((srgb + noise) * 255.0), 0, 255).astype(np.uint8)
    truth = [_person_truth(person, labels, painted, camera) for person in painted]
    return RenderedFrame(image=image, labels=labels, people=painted, truth_people=truth, conditions=conditions)


def _box_of(mask: np.ndarray) -> list[int] | None:
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        return None
    return [int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1]


def _person_truth(person: PaintedPerson, labels: np.ndarray, everyone: list[PaintedPerson], camera: Camera) -> dict:
    """Ground truth of one person: keypoints with COCO visibility, head box, person box, garments."""
    h, w = labels.shape
    sk = person.skeleton
    mine = (labels >= person.base_label) & (labels < person.base_label + BLOCK)
    far = sk.far_side()
    keypoints = []
    for name in KEYPOINT_NAMES:
        x, y = (float(c) for c in sk.points[name])
        inside = 0.0 <= x < w and 0.0 <= y < h
        visible = 2
        if not inside:
            visible = 0
        else:
            owner = int(labels[int(y), int(x)])
            occluded_by_other = owner >= BLOCK and owner // BLOCK > person.base_label // BLOCK
            side = name.split("_")[0]
            turned_away = far != "" and side == far and (
                (name.endswith("ear") and abs(sk.yaw_deg) > 40) or abs(sk.yaw_deg) > 55
            )
            if occluded_by_other or turned_away:
                visible = 1
        keypoints.append([round(x, 1), round(y, 1), visible])
    head_box = None
    if person.head_box_amodal is not None:
        x0, y0, x1, y1 = person.head_box_amodal
        cx0, cy0 = max(0, int(np.floor(x0))), max(0, int(np.floor(y0)))
        cx1, cy1 = min(w, int(np.ceil(x1)) + 1), min(h, int(np.ceil(y1)) + 1)
        if cx1 > cx0 and cy1 > cy0:
            head_box = [cx0, cy0, cx1, cy1]
    garments, hidden = [], []
    for label, item in person.items.items():
        mask = labels == label
        count = int(mask.sum())
        if count < MIN_VISIBLE_PIXELS:
            hidden.append(item.item_id)
            continue
        garments.append({
            "item_id": item.item_id, "category": item.category, "colour": item.colour, "pattern": item.pattern,
            "box": _box_of(mask), "visible_pixels": count, "mask": rle.encode(mask),
        })  # fmt: skip
    return {
        "role": person.role,
        "visible": bool(mine.any()),
        "box": _box_of(mine),
        "keypoints": keypoints,
        "head_box": head_box,
        "yaw_deg": round(sk.yaw_deg, 1),
        "distance_m": round(float(camera.focal_px / sk.scale), 2),
        "garments": garments,
        "hidden_items": hidden,
    }
