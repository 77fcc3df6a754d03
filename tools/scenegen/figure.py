"""Paints a dressed person into a label map, in depth order, and keeps what is needed to colour it.

A label map holds one small integer per pixel: 0 for the room, and per person a label for skin, head, hair and
each garment. Painting back to front means a garment's pixels in the final map are exactly its visible pixels,
which is the ground-truth mask.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PIL import ImageDraw

from .body import Skeleton, body_radius, torso_depth_px
from .garments import LOWER, ONE_PIECE, OUTER, UPPER, Item

# Label offsets inside a person's block of labels.
SKIN, HEAD, HAIR, HAIR_BACK, FACE_DARK, LIPS = 1, 2, 3, 4, 5, 6
GARMENT_BASE = 10
BLOCK = 40  # labels per person: person k uses k*BLOCK ... k*BLOCK+39
HEAD_LABELS = (HEAD, HAIR, FACE_DARK, LIPS)


@dataclass
class PaintedPerson:
    """What was painted for one person: labels, items, geometry for patterns and the head box."""

    role: str
    skeleton: Skeleton
    base_label: int
    items: dict[int, Item] = field(default_factory=dict)  # label -> item
    head_box_amodal: tuple[float, float, float, float] | None = None  # x0, y0, x1, y1 before clipping

    def label(self, offset: int) -> int:
        """The absolute label of one of this person's offsets."""
        return self.base_label + offset


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.hypot(v[0], v[1]))
    return v / n if n > 1e-9 else np.array([0.0, 1.0])


def _capsule(draw: ImageDraw.ImageDraw, p0: np.ndarray, p1: np.ndarray, r0: float, r1: float, fill: int) -> None:
    d = p1 - p0
    n = _unit(np.array([-d[1], d[0]]))
    quad = [tuple(p0 + n * r0), tuple(p1 + n * r1), tuple(p1 - n * r1), tuple(p0 - n * r0)]
    draw.polygon(quad, fill=fill)
    for p, r in ((p0, r0), (p1, r1)):
        draw.ellipse([p[0] - r, p[1] - r, p[0] + r, p[1] + r], fill=fill)


def _chain(draw, points: list[np.ndarray], radii: list[float], t0: float, t1: float, fill: int) -> None:
    """A tapered tube along a joint chain from chain parameter t0 to t1 (0 = first joint, 1 = second, ...)."""
    t1 = min(t1, len(points) - 1.0)
    if t1 <= t0:
        return

    def at(t: float) -> tuple[np.ndarray, float]:
        i = min(int(np.floor(t)), len(points) - 2)
        f = t - i
        return points[i] + (points[i + 1] - points[i]) * f, radii[i] + (radii[i + 1] - radii[i]) * f

    marks = [t0] + [float(k) for k in range(int(np.floor(t0)) + 1, int(np.ceil(t1)))] + [t1]
    for a, b in zip(marks, marks[1:]):
        (pa, ra), (pb, rb) = at(a), at(b)
        _capsule(draw, pa, pb, ra, rb, fill)


class PersonPainter:
    """Paints one person in a pose wearing an outfit."""

    def __init__(self, skeleton: Skeleton, outfit: list[Item], base_label: int, role: str):
        self.sk = skeleton
        self.p = skeleton.points
        self.outfit = outfit
        self.result = PaintedPerson(role=role, skeleton=skeleton, base_label=base_label)
        self.metre = skeleton.scale * skeleton.person.height_m / 1.7  # body-relative metre in pixels
        self.labels: dict[str, int] = {}
        for k, item in enumerate(outfit):
            label = base_label + GARMENT_BASE + k
            self.labels[item.item_id] = label
            self.result.items[label] = item

    def _of(self, categories) -> Item | None:
        for item in self.outfit:
            if item.category in categories:
                return item
        return None

    # Geometry helpers -------------------------------------------------------------------------------------
    def _outward(self, side: str) -> np.ndarray:
        d = self.p[f"{side}_shoulder"] - self.p["neck"]
        return _unit(np.array([d[0], 0.0])) if abs(d[0]) > 1e-6 else np.array([1.0 if side == "left" else -1.0, 0.0])

    def _arm(self, side: str) -> tuple[list[np.ndarray], list[float]]:
        pts = [self.p[f"{side}_shoulder"], self.p[f"{side}_elbow"], self.p[f"{side}_wrist"]]
        return pts, [body_radius(self.sk, "upper_arm"), body_radius(self.sk, "forearm"), body_radius(self.sk, "wrist")]

    def _leg(self, side: str) -> tuple[list[np.ndarray], list[float]]:
        pts = [self.p[f"{side}_hip"], self.p[f"{side}_knee"], self.p[f"{side}_ankle"]]
        return pts, [body_radius(self.sk, "thigh"), body_radius(self.sk, "knee"), body_radius(self.sk, "ankle")]

    def _leg_point(self, side: str, t: float) -> np.ndarray:
        pts, _ = self._leg(side)
        t = float(np.clip(t, 0.0, 2.0))
        i = min(int(t), 1)
        return pts[i] + (pts[i + 1] - pts[i]) * (t - i)

    def _torso_edge(self, side: str, ease_px: float, hem: tuple) -> list[np.ndarray]:
        """Points down one side of a torso garment, from the neckline to the hem."""
        out = self._outward(side)
        extra = torso_depth_px(self.sk)
        neck, shoulder = self.p["neck"], self.p[f"{side}_shoulder"]
        pts = [neck + (shoulder - neck) * 0.38 + np.array([0, -0.015 * self.metre])]
        pts.append(shoulder + out * (0.035 * self.metre + extra * 0.5) + np.array([0, -0.01 * self.metre]))
        pts.append(self.p[f"{side}_armpit"] + out * (ease_px + extra))
        kind = hem[0]
        waist = self.p[f"{side}_waist"] + out * (ease_px + extra)
        hip = self.p[f"{side}_hip_outer"] + out * (ease_px + extra)
        torso_len = float(self.p["crotch"][1] - self.p["neck"][1])
        if kind == "torso":
            t = hem[1]
            if t <= 0.62:
                pts.append(pts[-1] + (waist - pts[-1]) * max(0.0, (t - 0.3) / 0.32))
            elif t <= 1.0:
                pts.append(waist)
                pts.append(waist + (hip - waist) * (t - 0.62) / 0.38)
            else:
                pts += [waist, hip, hip + np.array([0, (t - 1.0) * torso_len]) + out * (t - 1.0) * 0.25 * torso_len]
        else:  # ("legs", leg parameter, flare)
            length, flare = hem[1], hem[2]
            pts += [waist, hip]
            knee = self._leg_point(side, length)
            leg_r = body_radius(self.sk, "knee")
            centre_x = (self._leg_point("left", length)[0] + self._leg_point("right", length)[0]) / 2
            half = abs(knee[0] - centre_x) + leg_r + ease_px
            half = max(half, abs(hip[0] - centre_x)) * flare
            pts.append(np.array([centre_x + out[0] * half, knee[1]]))
        return pts

    def _torso_polygon(self, ease_px: float, hem: tuple, neckline: str) -> list[tuple[float, float]]:
        left = self._torso_edge("left", ease_px, hem)
        right = self._torso_edge("right", ease_px, hem)
        depth = (0.13 if neckline == "v" else 0.035) * self.metre
        neck_point = self.p["neck"] + np.array([0, depth])
        return [tuple(q) for q in [neck_point] + left + right[::-1]]

    # Painting ----------------------------------------------------------------------------------------------
    def paint(self, draw: ImageDraw.ImageDraw) -> PaintedPerson:
        sk, p, base = self.sk, self.p, self.result.base_label
        far = sk.far_side() if abs(sk.yaw_deg) > 30 else ""
        upper = self._of(UPPER + ONE_PIECE)
        lower = self._of(LOWER)
        outer = self._of(OUTER)
        shoes = self._of(("shoes",))
        person = sk.person
        if far:
            self._paint_arm(draw, far, upper, outer)
        if person.hair_style == "long":
            self._paint_long_hair(draw, base + HAIR_BACK)
        for side in ("left", "right"):
            pts, radii = self._leg(side)
            _chain(draw, pts, radii, 0.0, 2.0, base + SKIN)
            self._paint_foot(draw, side, base + SKIN, 1.0)
        if shoes:
            for side in ("left", "right"):
                self._paint_foot(draw, side, self.labels[shoes.item_id], 1.3)
        legs_item = lower if lower else (upper if upper and upper.category == "jumpsuits" else None)
        if legs_item:
            self._paint_lower(draw, legs_item)
        # Torso skin and neck.
        _capsule(draw, p["neck"] + np.array([0, 0.03 * self.metre]), p["head_center"], body_radius(sk, "neck"), body_radius(sk, "neck"), base + SKIN)
        draw.polygon(self._torso_polygon(0.0, ("torso", 1.02), "crew"), fill=base + SKIN)
        if upper:
            ease = (upper.fit - 1.0) * 0.12 * self.metre
            label = self.labels[upper.item_id]
            if upper.category == "dresses":
                draw.polygon(self._torso_polygon(ease, ("legs", upper.length, 1.1 + (upper.fit - 1.0) * 2), upper.neckline), fill=label)
            elif upper.category == "jumpsuits":
                draw.polygon(self._torso_polygon(ease, ("torso", 1.02), upper.neckline), fill=label)
            else:
                draw.polygon(self._torso_polygon(ease, ("torso", upper.length), upper.neckline), fill=label)
        if outer:
            self._paint_outer_body(draw, outer)
        for side in ("left", "right"):
            if side != far:
                self._paint_arm(draw, side, upper, outer)
        self._paint_head(draw)
        return self.result

    def _paint_lower(self, draw, item: Item) -> None:
        label = self.labels[item.item_id]
        ease = (item.fit - 1.0) * 0.1 * self.metre
        p = self.p
        extra = torso_depth_px(self.sk)
        if item.category == "skirts":
            hem = ("legs", item.length, 1.1 + (item.fit - 1.0) * 1.5)
            left = self._torso_edge("left", ease, hem)[-3:]
            right = self._torso_edge("right", ease, hem)[-3:]
            top = [p["right_waistband"] - self._outward("right") * -extra, p["left_waistband"] + self._outward("left") * extra]
            draw.polygon([tuple(q) for q in top + [left[1], left[2], right[2], right[1]]], fill=label)
            return
        for side in ("left", "right"):
            pts, radii = self._leg(side)
            _chain(draw, pts, [r + ease + 0.012 * self.metre for r in radii], 0.0, item.length, label)
        pelvis = [
            p["left_waistband"] + self._outward("left") * (ease + extra),
            p["left_hip_outer"] + self._outward("left") * (ease + extra),
            self._leg_point("left", 0.25) + self._outward("left") * body_radius(self.sk, "thigh"),
            p["crotch"],
            self._leg_point("right", 0.25) + self._outward("right") * body_radius(self.sk, "thigh"),
            p["right_hip_outer"] + self._outward("right") * (ease + extra),
            p["right_waistband"] + self._outward("right") * (ease + extra),
        ]
        draw.polygon([tuple(q) for q in pelvis], fill=label)

    def _paint_outer_body(self, draw, item: Item) -> None:
        label = self.labels[item.item_id]
        ease = (item.fit - 1.0) * 0.12 * self.metre + 0.02 * self.metre
        hem = ("torso", item.length) if item.category == "jackets" else ("legs", item.length, 1.15)
        neck = self.p["neck"] + np.array([0, 0.02 * self.metre])
        left = self._torso_edge("left", ease, hem)
        right = self._torso_edge("right", ease, hem)
        hem_centre = (left[-1] + right[-1]) / 2
        gap_top, gap_bottom = 0.035 * self.metre, 0.075 * self.metre
        for edge, side in ((left, "left"), (right, "right")):
            out = self._outward(side)
            panel = edge + [hem_centre + out * gap_bottom, neck + out * gap_top + np.array([0, 0.12 * self.metre])]
            draw.polygon([tuple(q) for q in panel], fill=label)

    def _paint_arm(self, draw, side: str, upper: Item | None, outer: Item | None) -> None:
        base = self.result.base_label
        pts, radii = self._arm(side)
        # Arms start a little below the shoulder joint, so that the torso's shoulder line stays smooth.
        _chain(draw, pts, radii, 0.12, 2.0, base + SKIN)
        hand = self.p[f"{side}_hand"]
        r = body_radius(self.sk, "hand")
        draw.ellipse([hand[0] - r * 0.8, hand[1] - r, hand[0] + r * 0.8, hand[1] + r], fill=base + SKIN)
        for item, extra in ((upper, 0.008), (outer, 0.018)):
            if item and item.sleeve > 0.05:
                ease = (item.fit - 1.0) * 0.035 * self.metre + extra * self.metre
                _chain(draw, pts, [radius + ease for radius in radii], 0.12, max(item.sleeve, 0.2), self.labels[item.item_id])

    def _paint_foot(self, draw, side: str, label: int, grow: float) -> None:
        ankle, toe = self.p[f"{side}_ankle"], self.p[f"{side}_toe"]
        centre = (ankle + toe) / 2 + np.array([0, 0.01 * self.metre])
        rx = abs(toe[0] - ankle[0]) / 2 + 0.03 * self.metre * grow
        ry = 0.032 * self.metre * grow
        top = ankle[1] - (0.03 * self.metre * (grow - 1.0) * 3)
        draw.ellipse([centre[0] - rx, min(centre[1] - ry, top), centre[0] + rx, centre[1] + ry], fill=label)

    def _paint_long_hair(self, draw, label: int) -> None:
        c, neck = self.p["head_center"], self.p["neck"]
        w = 0.095 * self.metre
        shoulder_y = (self.p["left_shoulder"][1] + self.p["right_shoulder"][1]) / 2
        down = shoulder_y + 0.08 * self.metre
        poly = [(c[0] - w, c[1]), (c[0] + w, c[1]), (neck[0] + w * 1.15, down), (neck[0] - w * 1.15, down)]
        draw.polygon(poly, fill=label)

    def _paint_head(self, draw) -> None:
        sk, p, base = self.sk, self.p, self.result.base_label
        c = p["head_center"]
        hw, hh = 0.078 * self.metre, 0.112 * self.metre
        turn = (p["nose"][0] - c[0])
        boxes = []
        style = sk.person.hair_style
        if style != "none":
            hair = [c[0] - hw * 1.1 - turn * 0.3, c[1] - hh * 1.12, c[0] + hw * 1.1 - turn * 0.3, c[1] + hh * 0.55]
            draw.ellipse(hair, fill=base + HAIR)
            boxes.append(hair)
            if style == "bun":
                top = p["head_top"]
                r = 0.045 * self.metre
                bun = [top[0] - r, top[1] - r * 1.6, top[0] + r, top[1] + r * 0.4]
                draw.ellipse(bun, fill=base + HAIR)
                boxes.append(bun)
        face = [c[0] - hw + turn * 0.25, c[1] - hh * 0.92 + (0.12 * hh if style != "none" else 0.0), c[0] + hw + turn * 0.25, c[1] + hh]
        draw.ellipse(face, fill=base + HEAD)
        boxes.append(face)
        if abs(sk.yaw_deg) < 65:
            er = max(1.0, 0.011 * self.metre)
            for side in ("left", "right"):
                e = p[f"{side}_eye"]
                eye = [e[0] - er * 1.3, e[1] - er * 0.8, e[0] + er * 1.3, e[1] + er * 0.8]
                draw.ellipse(eye, fill=base + FACE_DARK)
                brow_width = max(1, int(er * 0.7))
                brow = [e[0] - er * 1.6, e[1] - er * 2.6, e[0] + er * 1.6, e[1] - er * 2.8]
                draw.line(brow, fill=base + FACE_DARK, width=brow_width)
                boxes += [eye, [brow[0] - brow_width, brow[3] - brow_width, brow[2] + brow_width, brow[1] + brow_width]]
            m = p["nose"] + (p["chin"] - p["nose"]) * 0.45
            mouth = [m[0] - er * 2.2, m[1] - er * 0.6, m[0] + er * 2.2, m[1] + er * 0.6]
            draw.ellipse(mouth, fill=base + LIPS)
            boxes.append(mouth)
        xs0, ys0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
        xs1, ys1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
        self.result.head_box_amodal = (xs0 - 1.0, ys0 - 1.0, xs1 + 1.0, ys1 + 1.0)
