"""An articulated 2D body seen from the front by a mirror camera, with the 17 COCO keypoints.

Body coordinates are metres: X towards the person's left (image right, as a camera facing the person sees it),
Y up from the floor, Z towards the camera. A turn (yaw) rotates X/Z before projection.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

KEYPOINT_NAMES = (
    "nose", "left_eye", "right_eye", "left_ear", "right_ear",
    "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
    "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle",
)  # fmt: skip
KP = {name: index for index, name in enumerate(KEYPOINT_NAMES)}

HAIR_COLOURS = ((25, 20, 18), (60, 40, 28), (105, 72, 45), (170, 130, 80), (205, 175, 120), (130, 60, 35), (150, 150, 150), (215, 215, 210))


@dataclass(frozen=True)
class Person:
    """Who is in front of the mirror: body proportions and looks, fixed for a person across days."""

    height_m: float
    shoulder_width: float  # fraction of height
    hip_width: float  # fraction of height
    girth: float  # limb and torso thickness factor
    leg_fraction: float  # hip height / height
    skin_srgb: tuple[int, int, int]
    hair_srgb: tuple[int, int, int]
    hair_style: str  # short, long, bun, none


def random_person(rng: np.random.Generator) -> Person:
    """A person with random proportions, skin tone and hair."""
    # Skin tones along a realistic lightness/warmth line (sRGB), with a little jitter.
    t = rng.uniform(0.0, 1.0)
    light, dark = np.array([246, 214, 190]), np.array([92, 58, 40])
    skin = (1 - t) * light + t * dark + rng.normal(0, 6, 3) + np.array([0, -4, -10]) * rng.uniform(0, 1)
    hair = np.array(HAIR_COLOURS[int(rng.integers(len(HAIR_COLOURS)))]) + rng.normal(0, 6, 3)
    return Person(
        height_m=float(rng.uniform(1.50, 1.95)),
        shoulder_width=float(rng.uniform(0.20, 0.255)),
        hip_width=float(rng.uniform(0.17, 0.225)),
        girth=float(rng.uniform(0.85, 1.3)),
        leg_fraction=float(rng.uniform(0.49, 0.54)),
        skin_srgb=tuple(int(v) for v in np.clip(skin, 0, 255)),  # type: ignore[arg-type]
        hair_srgb=tuple(int(v) for v in np.clip(hair, 0, 255)),  # type: ignore[arg-type]
        hair_style=str(rng.choice(["short", "long", "bun", "none", "short", "long"])),
    )


@dataclass
class Pose:
    """Where the person stands and how: distance from the camera (m), lateral offset (m), angles in degrees."""

    distance_m: float = 2.0
    lateral_m: float = 0.0
    yaw_deg: float = 0.0
    roll_deg: float = 0.0
    head_tilt_deg: float = 0.0
    arm_out_deg: tuple[float, float] = (12.0, 12.0)  # left, right: shoulder abduction from hanging
    elbow_bend_deg: tuple[float, float] = (10.0, 10.0)
    leg_out_deg: tuple[float, float] = (4.0, 4.0)
    knee_bend_deg: tuple[float, float] = (0.0, 0.0)

    def blend(self, other: "Pose", t: float) -> "Pose":
        """Linear interpolation between two poses (t = 0 gives self)."""

        def mix(a, b):
            if isinstance(a, tuple):
                return tuple(x + (y - x) * t for x, y in zip(a, b))
            return a + (b - a) * t

        return Pose(**{k: mix(getattr(self, k), getattr(other, k)) for k in self.__dataclass_fields__})


def random_pose(rng: np.random.Generator, turned: bool = False, distance: tuple[float, float] = (1.2, 3.0)) -> Pose:
    """A mirror pose: mostly facing the camera, sometimes turned, arms mostly down, sometimes on the hips."""
    yaw = rng.normal(0, 10)
    if turned:
        yaw = float(rng.choice([-1, 1]) * rng.uniform(35, 70))
    arms_out = [rng.uniform(4, 25), rng.uniform(4, 25)]
    elbows = [rng.uniform(0, 25), rng.uniform(0, 25)]
    for side in range(2):
        r = rng.uniform()
        if r < 0.15:  # hand on hip
            arms_out[side], elbows[side] = rng.uniform(35, 50), rng.uniform(90, 120)
        elif r < 0.22:  # arm raised to the side
            arms_out[side], elbows[side] = rng.uniform(60, 110), rng.uniform(0, 40)
    return Pose(
        distance_m=float(rng.uniform(*distance)),
        lateral_m=float(rng.normal(0, 0.18)),
        yaw_deg=float(yaw),
        roll_deg=float(rng.normal(0, 2)),
        head_tilt_deg=float(rng.normal(0, 5)),
        arm_out_deg=(float(arms_out[0]), float(arms_out[1])),
        elbow_bend_deg=(float(elbows[0]), float(elbows[1])),
        leg_out_deg=(float(rng.uniform(1, 9)), float(rng.uniform(1, 9))),
        knee_bend_deg=(float(rng.uniform(0, 10)), float(rng.uniform(0, 10))),
    )


@dataclass(frozen=True)
class Camera:
    """A pinhole camera behind the mirror, looking horizontally. Portrait 480x640 by default."""

    width: int = 480
    height: int = 640
    focal_px: float = 470.0  # about 69 degrees vertical field of view at 640 px
    height_m: float = 1.45


@dataclass
class Skeleton:
    """The projected body: image positions (pixels) of joints and auxiliary points, and the scale in px per metre."""

    points: dict[str, np.ndarray]
    scale: float  # pixels per metre at the person's distance
    yaw_deg: float
    person: Person
    depth: dict[str, float] = field(default_factory=dict)

    def keypoints(self) -> np.ndarray:
        """17x2 image positions in COCO order."""
        return np.array([self.points[name] for name in KEYPOINT_NAMES])

    def far_side(self) -> str:
        """The side turned away from the camera ('left' or 'right'), or '' when facing it."""
        if abs(self.yaw_deg) < 1e-6:
            return ""
        # Positive yaw turns the person's left shoulder away from the camera.
        return "left" if self.yaw_deg > 0 else "right"


def build_skeleton(person: Person, pose: Pose, camera: Camera) -> Skeleton:
    """Joint positions in the image for a person in a pose."""
    h = person.height_m
    sw, hw = person.shoulder_width * h, person.hip_width * h
    hip_y = person.leg_fraction * h
    shoulder_y = 0.815 * h
    upper_arm, forearm = 0.19 * h, 0.155 * h
    thigh = hip_y * 0.50
    shin = hip_y * 0.44
    head_h = h / 7.6

    pts: dict[str, tuple[float, float, float]] = {}
    pts["neck"] = (0.0, 0.845 * h, 0.0)
    pts["head_center"] = (0.0, 0.92 * h, 0.02)
    for side, sign, index in (("left", 1.0, 0), ("right", -1.0, 1)):
        sx = sign * sw / 2
        pts[f"{side}_shoulder"] = (sx, shoulder_y, 0.0)
        a = np.radians(pose.arm_out_deg[index])
        ex, ey = sx + sign * upper_arm * np.sin(a), shoulder_y - upper_arm * np.cos(a)
        pts[f"{side}_elbow"] = (ex, ey, 0.0)
        # The elbow bends the forearm inwards (towards the body's midline) in the image plane.
        b = a - np.radians(pose.elbow_bend_deg[index])
        wx, wy = ex + sign * forearm * np.sin(b), ey - forearm * np.cos(b)
        pts[f"{side}_wrist"] = (wx, wy, 0.03)
        pts[f"{side}_hand"] = (wx + sign * 0.04 * h * np.sin(b), wy - 0.045 * h * np.cos(b), 0.03)
        hx = sign * hw / 2 * 0.72
        pts[f"{side}_hip"] = (hx, hip_y, 0.0)
        la = np.radians(pose.leg_out_deg[index])
        kx, ky = hx + sign * thigh * np.sin(la), hip_y - thigh * np.cos(la)
        kb = np.radians(pose.knee_bend_deg[index])
        pts[f"{side}_knee"] = (kx, ky + thigh * (1 - np.cos(kb)) * 0.5, 0.02)
        ax, ay = kx + sign * shin * np.sin(la * 0.3), pts[f"{side}_knee"][1] - shin
        pts[f"{side}_ankle"] = (ax, ay, 0.0)
        pts[f"{side}_toe"] = (ax + sign * 0.035 * h, 0.012 * h, 0.08)
        pts[f"{side}_waist"] = (sign * (sw * 0.37 + hw * 0.12), 0.63 * h, 0.0)
        pts[f"{side}_armpit"] = (sign * sw * 0.42, shoulder_y - 0.065 * h, 0.0)
        pts[f"{side}_hip_outer"] = (sign * hw / 2, hip_y - 0.01 * h, 0.0)
        pts[f"{side}_waistband"] = (sign * (hw / 2) * 0.93, hip_y + 0.035 * h, 0.0)
    pts["crotch"] = (0.0, hip_y - 0.045 * h, 0.0)

    # Face points relative to the head centre, tilted with the head.
    tilt = np.radians(pose.head_tilt_deg)
    face = {
        "nose": (0.0, -0.08 * head_h, 0.10),
        "left_eye": (0.032 * h / 1.7, 0.08 * head_h, 0.085),
        "right_eye": (-0.032 * h / 1.7, 0.08 * head_h, 0.085),
        "left_ear": (0.075 * h / 1.7, 0.02 * head_h, -0.01),
        "right_ear": (-0.075 * h / 1.7, 0.02 * head_h, -0.01),
        "head_top": (0.0, 0.55 * head_h, 0.0),
        "chin": (0.0, -0.5 * head_h, 0.06),
    }
    cx, cy, cz = pts["head_center"]
    for name, (fx, fy, fz) in face.items():
        rx, ry = fx * np.cos(tilt) - fy * np.sin(tilt), fx * np.sin(tilt) + fy * np.cos(tilt)
        pts[name] = (cx + rx, cy + ry, cz + fz)

    yaw = np.radians(pose.yaw_deg)
    roll = np.radians(pose.roll_deg)
    scale = camera.focal_px / pose.distance_m
    hip_mid_y = hip_y
    out: dict[str, np.ndarray] = {}
    depth: dict[str, float] = {}
    for name, (x, y, z) in pts.items():
        xr = x * np.cos(yaw) + z * np.sin(yaw)
        zr = -x * np.sin(yaw) + z * np.cos(yaw)
        # Roll about the hip centre in the image plane.
        dy = y - hip_mid_y
        xq = xr * np.cos(roll) - dy * np.sin(roll)
        yq = hip_mid_y + xr * np.sin(roll) + dy * np.cos(roll)
        u = camera.width / 2 + scale * (xq + pose.lateral_m)
        v = camera.height / 2 + scale * (camera.height_m - yq)
        out[name] = np.array([u, v])
        depth[name] = float(zr)
    return Skeleton(points=out, scale=scale, yaw_deg=pose.yaw_deg, person=person, depth=depth)


def body_radius(skeleton: Skeleton, part: str) -> float:
    """Half thickness, in pixels, of a body part at the skeleton's distance."""
    base = {
        "upper_arm": 0.042, "forearm": 0.034, "wrist": 0.027, "hand": 0.045,
        "thigh": 0.082, "knee": 0.056, "ankle": 0.038, "neck": 0.055,
    }[part]  # fmt: skip
    girth = skeleton.person.girth if part not in ("hand", "neck") else 1.0 + (skeleton.person.girth - 1.0) * 0.4
    return base * girth * skeleton.person.height_m / 1.7 * skeleton.scale


def torso_depth_px(skeleton: Skeleton) -> float:
    """Extra half-width, in pixels, that a turned torso shows because of its depth."""
    return 0.11 * skeleton.person.girth * abs(np.sin(np.radians(skeleton.yaw_deg))) * skeleton.scale
