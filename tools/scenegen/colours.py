"""The 11 colour names, defined as cells of CIELAB lightness/chroma/hue space.

`name_of_lab` is the definition: it partitions LCh(ab) space into the 11 names. Each name also has a sampling box
(`COLOUR_RANGES`) that lies inside its cell with a margin, so that a garment's base colour, and its shades under
moderate lighting changes, map back to the garment's name. A dominant-colour method that converts a white-balanced
crop to CIELAB and applies `name_of_lab` recovers the name.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

COLOUR_NAMES = ("black", "blue", "brown", "green", "grey", "orange", "pink", "purple", "red", "white", "yellow")


@dataclass(frozen=True)
class ColourRange:
    """A sampling box in CIELAB LCh: lightness L*, chroma C*ab, hue angle h (degrees; h0 > h1 wraps through 0)."""

    lightness: tuple[float, float]
    chroma: tuple[float, float]
    hue: tuple[float, float]


# Boxes inside the cells of name_of_lab, away from the borders.
COLOUR_RANGES: dict[str, ColourRange] = {
    "black": ColourRange((6, 20), (0, 6), (0, 360)),
    "grey": ColourRange((38, 70), (0, 6), (0, 360)),
    "white": ColourRange((90, 97), (0, 5), (0, 360)),
    "brown": ColourRange((26, 45), (16, 38), (45, 72)),
    "red": ColourRange((36, 52), (50, 72), (25, 38)),
    "orange": ColourRange((60, 72), (50, 72), (52, 66)),
    "yellow": ColourRange((82, 92), (55, 80), (88, 100)),
    "green": ColourRange((40, 65), (30, 55), (125, 160)),
    "blue": ColourRange((28, 58), (32, 60), (250, 290)),
    "purple": ColourRange((30, 52), (32, 58), (310, 330)),
    "pink": ColourRange((70, 82), (22, 45), (350, 10)),
}


def name_of_lab(lightness: float, a: float, b: float) -> str:
    """The colour name of one CIELAB colour (D65). This function is the definition of the names."""
    chroma = float(np.hypot(a, b))
    hue = float(np.degrees(np.arctan2(b, a)) % 360.0)
    if chroma < 12.0:
        if lightness < 29.0:
            return "black"
        if lightness > 82.0:
            return "white"
        return "grey"
    if hue >= 340.0 or hue < 20.0:
        return "pink" if lightness >= 60.0 else "red"
    if hue < 44.0:
        if lightness >= 60.0:
            return "pink" if hue < 32.0 and chroma < 48.0 else "orange"
        return "brown" if chroma < 42.0 and lightness < 44.0 and hue >= 40.0 else "red"
    if hue < 78.0:
        if lightness < 52.0:
            return "brown"
        return "orange" if hue < 72.0 or lightness < 76.0 else "yellow"
    if hue < 110.0:
        return "brown" if lightness < 52.0 else "yellow"
    if hue < 200.0:
        return "green"
    if hue < 300.0:
        return "blue"
    return "purple"


def srgb_to_linear(values: np.ndarray) -> np.ndarray:
    """sRGB in 0...1 to linear light."""
    v = np.asarray(values, dtype=np.float64)
    return np.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(values: np.ndarray) -> np.ndarray:
    """Linear light to sRGB in 0...1 (clipped)."""
    v = np.clip(np.asarray(values, dtype=np.float64), 0.0, 1.0)
    return np.where(v <= 0.0031308, v * 12.92, 1.055 * v ** (1 / 2.4) - 0.055)


_RGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750], [0.0193339, 0.1191920, 0.9503041]])
_XYZ_TO_RGB = np.linalg.inv(_RGB_TO_XYZ)
_WHITE_D65 = np.array([0.95047, 1.0, 1.08883])


def srgb_to_lab(rgb: np.ndarray) -> np.ndarray:
    """sRGB (0...1, last axis 3) to CIELAB D65."""
    xyz = srgb_to_linear(rgb) @ _RGB_TO_XYZ.T / _WHITE_D65
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], axis=-1)


def lab_to_srgb_unclipped(lab: np.ndarray) -> np.ndarray:
    """CIELAB D65 to sRGB without clipping (values outside 0...1 mean out of gamut)."""
    lab = np.asarray(lab, dtype=np.float64)
    fy = (lab[..., 0] + 16) / 116
    f = np.stack([fy + lab[..., 1] / 500, fy, fy - lab[..., 2] / 200], axis=-1)
    xyz = np.where(f > 6 / 29, f**3, 3 * (6 / 29) ** 2 * (f - 4 / 29)) * _WHITE_D65
    linear = xyz @ _XYZ_TO_RGB.T
    return np.where(linear <= 0.0031308, linear * 12.92, 1.055 * np.abs(linear) ** (1 / 2.4) * np.sign(linear) - 0.055)


def name_of_srgb(rgb: tuple[float, float, float] | np.ndarray) -> str:
    """The colour name of one sRGB colour given in 0...1."""
    lab = srgb_to_lab(np.asarray(rgb, dtype=np.float64))
    return name_of_lab(float(lab[0]), float(lab[1]), float(lab[2]))


def sample_colour(name: str, rng: np.random.Generator) -> tuple[int, int, int]:
    """A random sRGB colour (0...255) inside the sampling box of `name` and inside the sRGB gamut."""
    if name not in COLOUR_RANGES:
        raise ValueError(f"unknown colour name {name!r}; known: {', '.join(COLOUR_NAMES)}")
    box = COLOUR_RANGES[name]
    for _ in range(1000):
        lightness = rng.uniform(*box.lightness)
        chroma = rng.uniform(*box.chroma)
        h0, h1 = box.hue
        hue = rng.uniform(h0, h1 + 360.0 if h1 < h0 else h1) % 360.0
        lab = np.array([lightness, chroma * np.cos(np.radians(hue)), chroma * np.sin(np.radians(hue))])
        rgb = lab_to_srgb_unclipped(lab)
        if np.all(rgb >= 0.0) and np.all(rgb <= 1.0):
            rgb8 = tuple(int(round(float(c) * 255)) for c in rgb)
            if name_of_srgb(np.array(rgb8) / 255.0) == name:
                return rgb8  # type: ignore[return-value]
    raise RuntimeError(f"no in-gamut sample found for colour {name!r}; its range in COLOUR_RANGES is too narrow")
