"""Garment items: the 12 product types and shoes, their colours and patterns, and the shapes they cover on a body.

An `Item` holds everything that makes a garment look like itself (category, base colour, pattern and its
parameters, cut), so the same item rendered on another day, in another pose and light, is the same garment.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from .colours import COLOUR_NAMES, sample_colour, srgb_to_lab

CATEGORIES = (
    "dresses", "tops", "t-shirts", "shirts", "blouses", "jackets", "shorts", "pants", "jeans", "skirts",
    "jumpsuits", "coats", "shoes",
)  # fmt: skip
UPPER = ("tops", "t-shirts", "shirts", "blouses")
LOWER = ("shorts", "pants", "jeans", "skirts")
ONE_PIECE = ("dresses", "jumpsuits")
OUTER = ("jackets", "coats")
PATTERNS = ("solid", "stripes", "checks", "dots", "print")

# How likely each colour is per category (jeans are mostly blue, shoes mostly dark, ...); uniform otherwise.
_COLOUR_BIAS = {
    "jeans": {"blue": 6.0, "black": 2.0, "grey": 1.0},
    "shoes": {"black": 3.0, "brown": 2.0, "white": 2.0},
    "coats": {"black": 2.0, "grey": 2.0, "brown": 2.0, "blue": 1.5},
    "pants": {"black": 2.0, "grey": 1.5, "blue": 1.5, "brown": 1.5},
}
_PATTERN_WEIGHTS = {"solid": 0.5, "stripes": 0.15, "checks": 0.12, "dots": 0.1, "print": 0.13}


@dataclass(frozen=True)
class Item:
    """One garment of a closet. Everything here is fixed for the item's life."""

    item_id: str
    category: str
    colour: str
    base_srgb: tuple[int, int, int]
    pattern: str
    secondary_srgb: tuple[int, int, int]
    pattern_period_m: float
    pattern_angle_deg: float
    pattern_seed: int
    fit: float  # 1 = tight, larger = looser
    sleeve: float  # along the arm: 0 none, 1 elbow, 2 wrist
    length: float  # torso garments: 1 = hip line; leg garments and dresses/coats: 0 hip, 1 knee, 2 ankle
    neckline: str  # crew, v
    texture: float  # fabric grain strength

    def to_json(self) -> dict:
        """The item as written to closet.json."""
        d = asdict(self)
        d["base_srgb"] = list(self.base_srgb)
        d["secondary_srgb"] = list(self.secondary_srgb)
        return d


def random_item(item_id: str, category: str, rng: np.random.Generator, colour: str | None = None) -> Item:
    """A random item of a category."""
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}")
    if colour is None:
        bias = _COLOUR_BIAS.get(category, {})
        weights = np.array([bias.get(name, 1.0) for name in COLOUR_NAMES])
        colour = str(rng.choice(COLOUR_NAMES, p=weights / weights.sum()))
    base = sample_colour(colour, rng)
    if category in ("shoes", "jeans"):
        pattern = "solid"
    else:
        pattern = str(rng.choice(PATTERNS, p=np.array(list(_PATTERN_WEIGHTS.values()))))
    # The secondary colour contrasts with the base: light on dark, dark on light.
    lum = 0.2126 * base[0] + 0.7152 * base[1] + 0.0722 * base[2]
    if rng.uniform() < 0.5:
        secondary = sample_colour("white" if lum < 140 else "black", rng)
    else:
        other = str(rng.choice([c for c in COLOUR_NAMES if c != colour]))
        secondary = sample_colour(other, rng)
    sleeve, length, neckline = 0.0, 1.0, "crew"
    u = rng.uniform
    if category == "t-shirts":
        sleeve, length = u(0.3, 0.6), u(1.0, 1.12)
    elif category == "tops":
        sleeve, length, neckline = (0.0 if u() < 0.5 else u(0.15, 0.4)), u(0.85, 1.05), str(rng.choice(["crew", "v"]))
    elif category == "shirts":
        sleeve, length = u(1.9, 2.0), u(1.05, 1.18)
    elif category == "blouses":
        sleeve, length, neckline = u(1.5, 2.0), u(0.95, 1.1), "v"
    elif category == "dresses":
        sleeve, length, neckline = (0.0 if u() < 0.5 else u(0.2, 0.6)), u(0.7, 1.4), str(rng.choice(["crew", "v"]))
    elif category == "jumpsuits":
        sleeve, length = (0.0 if u() < 0.4 else u(0.3, 0.6)), u(1.85, 2.0)
    elif category == "jackets":
        sleeve, length = u(1.95, 2.05), u(1.0, 1.15)
    elif category == "coats":
        sleeve, length = u(1.95, 2.05), u(0.7, 1.25)
    elif category == "shorts":
        length = u(0.3, 0.6)
    elif category in ("pants", "jeans"):
        length = u(1.9, 2.0)
    elif category == "skirts":
        length = u(0.45, 1.4)
    return Item(
        item_id=item_id,
        category=category,
        colour=colour,
        base_srgb=base,
        pattern=pattern,
        secondary_srgb=secondary,
        pattern_period_m=float(u(0.02, 0.07) if pattern != "print" else u(0.06, 0.12)),
        pattern_angle_deg=float(rng.choice([0.0, 90.0, 45.0, 0.0])),
        pattern_seed=int(rng.integers(0, 2**31 - 1)),
        fit=float(u(1.0, 1.1) if category == "jeans" else u(1.05, 1.35)),
        sleeve=float(sleeve),
        length=float(length),
        neckline=neckline,
        texture=float(u(0.02, 0.08) if category != "jeans" else u(0.08, 0.14)),
    )


# Two items of one closet that differ less than this in every respect would look the same to a camera whose light
# changes from day to day (exposure alone moves a colour by more than 10 in CIELAB), so one closet never holds both.
LOOK_ALIKE_DELTA_E = 12.0
LOOK_ALIKE_CUT = {"fit": 0.15, "length": 0.15, "sleeve": 0.3}
# Categories the figure draws alike whatever their cut numbers (fit, length, sleeve): only their colour tells them apart.
UNCUT = ("shoes",)
LOOK_ALIKE_PERIOD_RATIO = 1.3


def _delta_e(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    lab = srgb_to_lab(np.array([a, b], dtype=np.float64) / 255.0)
    return float(np.linalg.norm(lab[0] - lab[1]))


def look_alike(a: Item, b: Item) -> bool:
    """Whether two items could not be told apart across days: same category, pattern and neckline, base colours
    (and, when patterned, secondary colours) within LOOK_ALIKE_DELTA_E, the same pattern angle and a period within
    LOOK_ALIKE_PERIOD_RATIO, and a cut (fit, length, sleeve) within LOOK_ALIKE_CUT; for UNCUT categories the cut
    does not count."""
    if (a.category, a.pattern, a.neckline) != (b.category, b.pattern, b.neckline):
        return False
    cut_apart = any(abs(getattr(a, name) - getattr(b, name)) >= limit for name, limit in LOOK_ALIKE_CUT.items())
    if cut_apart and a.category not in UNCUT:
        return False
    if _delta_e(a.base_srgb, b.base_srgb) >= LOOK_ALIKE_DELTA_E:
        return False
    if a.pattern == "solid":
        return True
    ratio = max(a.pattern_period_m, b.pattern_period_m) / min(a.pattern_period_m, b.pattern_period_m)
    return (a.pattern_angle_deg == b.pattern_angle_deg and ratio <= LOOK_ALIKE_PERIOD_RATIO
            and _delta_e(a.secondary_srgb, b.secondary_srgb) < LOOK_ALIKE_DELTA_E)  # fmt: skip


def random_closet(count: int, rng: np.random.Generator, prefix: str = "item") -> list[Item]:
    """A closet of `count` items with a plausible category mix (every category once when count allows). No two
    items look alike (`look_alike`): an item drawn too close to an earlier one is drawn again, up to 50 times,
    so a closet without such a draw comes out exactly as before the rule."""
    share = {
        "t-shirts": 4, "tops": 3, "shirts": 3, "blouses": 2, "jeans": 3, "pants": 3, "shorts": 1.5, "skirts": 2,
        "dresses": 2.5, "jumpsuits": 1, "jackets": 2, "coats": 1.5, "shoes": 3,
    }  # fmt: skip
    cats = list(share)
    # Small closets still hold something for the top, the legs and the feet; from 13 items on, every category.
    priority = ["t-shirts", "jeans", "shoes", "shirts", "dresses", "jackets", "pants", "blouses", "tops", "skirts", "coats", "shorts", "jumpsuits"]
    categories = priority[: min(count, len(priority))]
    weights = np.array([share[c] for c in cats])
    while len(categories) < count:
        categories.append(str(rng.choice(cats, p=weights / weights.sum())))
    categories.sort(key=CATEGORIES.index)
    closet: list[Item] = []
    for i, cat in enumerate(categories):
        for _attempt in range(50):
            item = random_item(f"{prefix}-{i + 1:03d}", cat, rng)
            if not any(look_alike(item, other) for other in closet):
                break
        closet.append(item)
    return closet
