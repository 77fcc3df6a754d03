"""Training and evaluation arrays for closetd's three models, from samples in the shared representation
(tools/scenegen/sample.py): the generator's labels.jsonl, or a real dataset through scenegen's readers.

numpy and Pillow only (no TensorFlow), so the data path is tested in `make test`. The model contracts
(models-int8/README.md) fix the preprocessing here, and closetd's pipeline does the same:
- pose: the frame scaled so its longer side is 192, centred on a 192x192 black square;
- detector: the frame scaled to fit 192 wide x 256 high, centred, black padding;
- garment: a crop scaled to fit 96x96, centred on black.
"""

from __future__ import annotations

import io
import json
import os
import sys

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from scenegen.garments import LOOK_ALIKE_CUT, LOOK_ALIKE_PERIOD_RATIO, UNCUT  # noqa: E402
from scenegen.sample import DatasetFormatError  # noqa: E402

POSE_SIZE = 192
DETECTOR_HEIGHT, DETECTOR_WIDTH, DETECTOR_STRIDE = 256, 192, 8
GRID_ROWS, GRID_COLS = DETECTOR_HEIGHT // DETECTOR_STRIDE, DETECTOR_WIDTH // DETECTOR_STRIDE
BOX_UNIT = 256.0  # ltrb distances are input pixels divided by this
GARMENT_SIZE = 96  # the garment model's input side up to 1.3.0; a model's own side is its input's (`size` below)
ATTENTION_STEP = 8  # input pixels per side of an item-attention cell

GARMENT_LABELS = (
    "dresses", "tops", "t-shirts", "shirts", "blouses", "jackets", "shorts", "pants", "jeans", "skirts",
    "jumpsuits", "coats", "shoes",
)  # fmt: skip
DETECTOR_CLASSES = ("top", "bottom", "one-piece", "outerwear", "shoes")
COARSE_CLASS = {
    "tops": 0, "t-shirts": 0, "shirts": 0, "blouses": 0,
    "shorts": 1, "pants": 1, "jeans": 1, "skirts": 1,
    "dresses": 2, "jumpsuits": 2,
    "jackets": 3, "coats": 3,
    "shoes": 4,
}  # fmt: skip


def coarse_classes(labels) -> np.ndarray:
    """The detector's coarse class of each garment label (indices into GARMENT_LABELS): a conditioned garment
    model's row for a crop of that garment."""
    table = np.array([COARSE_CLASS[label] for label in GARMENT_LABELS])
    return table[np.asarray(labels, dtype=np.int64)]


def crops_coarse_classes(entries: list[dict]) -> np.ndarray:
    """`coarse_classes` of a crops folder's entries (`read_crops`), by their category."""
    return coarse_classes([GARMENT_LABELS.index(e["category"]) for e in entries])


# COCO order; a horizontal flip swaps each left keypoint with its right one.
FLIP_PAIRS = ((1, 2), (3, 4), (5, 6), (7, 8), (9, 10), (11, 12), (13, 14), (15, 16))


def read_labels(folder: str) -> list[dict]:
    """The samples of a generator dataset folder (labels.jsonl or truth.jsonl), with `root` set to the folder."""
    for name in ("labels.jsonl", "truth.jsonl"):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            break
    else:
        raise DatasetFormatError(f"{folder}: neither labels.jsonl nor truth.jsonl")
    samples = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                sample = json.loads(line)
            except json.JSONDecodeError as error:
                raise DatasetFormatError(f"{path}:{number}: not JSON ({error.msg})") from None
            if not isinstance(sample, dict) or "file" not in sample or not isinstance(sample.get("people"), list):
                raise DatasetFormatError(f"{path}:{number}: a sample needs 'file' and a 'people' list")
            sample["root"] = folder
            samples.append(sample)
    return samples


def read_source(kind: str, path: str, image_root: str | None = None) -> list[dict]:
    """Samples from `kind`: scenegen (a dataset folder), deepfashion (its Anno folder), deepfashion2 (its
    annos folder), coco (a person_keypoints JSON file). `image_root` is where the dataset's image paths start."""
    if kind == "scenegen":
        return read_labels(path)
    if kind == "deepfashion":
        from scenegen.readers.deepfashion import read_deepfashion

        samples = read_deepfashion(path, image_root)
    elif kind == "deepfashion2":
        from scenegen.readers.deepfashion2 import read_deepfashion2

        samples = read_deepfashion2(path, image_root)
    elif kind == "coco":
        from scenegen.readers.coco_keypoints import read_coco_keypoints

        samples = read_coco_keypoints(path)
    else:
        raise ValueError(f"unknown dataset kind {kind!r}: expected scenegen, deepfashion, deepfashion2 or coco")
    for sample in samples:
        sample.setdefault("root", image_root or "")
    return samples


def load_image(sample: dict) -> np.ndarray:
    """The sample's image as RGB uint8 [H, W, 3]."""
    path = sample["file"] if os.path.isabs(sample["file"]) else os.path.join(sample.get("root", ""), sample["file"])
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"))


def fit_transform(width: int, height: int, out_width: int, out_height: int) -> tuple[float, float, float]:
    """(scale, x offset, y offset) that fit a width x height image inside out_width x out_height, centred."""
    scale = min(out_width / width, out_height / height)
    return scale, (out_width - width * scale) / 2.0, (out_height - height * scale) / 2.0


def fit_image(image: np.ndarray, out_width: int, out_height: int) -> np.ndarray:
    """The image scaled to fit (bilinear), centred on black: the pose and detector preprocessing."""
    height, width = image.shape[:2]
    scale, ox, oy = fit_transform(width, height, out_width, out_height)
    w, h = max(1, round(width * scale)), max(1, round(height * scale))
    x0, y0 = int(round(ox)), int(round(oy))
    out = np.zeros((out_height, out_width, 3), np.uint8)
    out[y0 : y0 + h, x0 : x0 + w] = np.asarray(Image.fromarray(image).resize((w, h), Image.BILINEAR))
    return out


def main_person(sample: dict) -> dict | None:
    """The person the mirror serves: the owner (or a real dataset's person with the largest box)."""
    people = [p for p in sample.get("people", []) if p.get("visible", True) and p.get("role") in ("owner", "person")]
    if not people:
        return None

    def area(p):
        b = p.get("box") or [0, 0, 0, 0]
        return (b[2] - b[0]) * (b[3] - b[1])

    return max(people, key=area)


def pose_example(sample: dict, image: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(input 192x192x3, keypoints [17, 2] as normalised (y, x), visibility [17] as COCO v) for one sample.
    Without a person every v is 0."""
    height, width = image.shape[:2]
    scale, ox, oy = fit_transform(width, height, POSE_SIZE, POSE_SIZE)
    points = np.zeros((17, 2), np.float32)
    vis = np.zeros(17, np.float32)
    person = main_person(sample)
    if person is not None and person.get("keypoints"):
        kp = np.asarray(person["keypoints"], np.float32)
        if kp.shape != (17, 3):
            raise DatasetFormatError(f"{sample['file']}: keypoints must be 17 (x, y, v) triples")
        points[:, 0] = (kp[:, 1] * scale + oy) / POSE_SIZE
        points[:, 1] = (kp[:, 0] * scale + ox) / POSE_SIZE
        vis[:] = kp[:, 2]
    return fit_image(image, POSE_SIZE, POSE_SIZE), points, vis


def flip_pose(image: np.ndarray, points: np.ndarray, vis: np.ndarray):
    """A horizontally flipped pose example (left and right keypoints swap names)."""
    points = points.copy()
    points[:, 1] = 1.0 - points[:, 1]
    order = list(range(17))
    for a, b in FLIP_PAIRS:
        order[a], order[b] = b, a
    return image[:, ::-1].copy(), points[order], vis[order]


def detector_boxes(sample: dict, image_shape) -> list[tuple[int, tuple[float, float, float, float]]]:
    """(coarse class, box in detector-input pixels) of every garment of every visible person."""
    height, width = image_shape[:2]
    scale, ox, oy = fit_transform(width, height, DETECTOR_WIDTH, DETECTOR_HEIGHT)
    boxes = []
    for person in sample.get("people", []):
        if not person.get("visible", True):
            continue
        for garment in person.get("garments") or []:
            cls = COARSE_CLASS.get(garment.get("category"))
            if cls is None or not garment.get("box"):
                continue
            x0, y0, x1, y1 = garment["box"]
            if x1 - x0 < 2 or y1 - y0 < 2:
                continue
            boxes.append((cls, (x0 * scale + ox, y0 * scale + oy, x1 * scale + ox, y1 * scale + oy)))
    return boxes


def detector_targets(boxes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CenterNet-style targets on the 32x24 grid: heat [32, 24, 5] (a Gaussian at each box centre, peak 1 in the
    centre cell), ltrb [32, 24, 5, 4] (per class: distances from the cell centre / 256) and their weight
    [32, 24, 5] (1 at the centre cell, 0.5 in its 3x3 neighbourhood; the smaller box wins a shared cell).
    Boxes are per class because garments of different classes share centres (a top inside an open jacket)."""
    classes = len(DETECTOR_CLASSES)
    heat = np.zeros((GRID_ROWS, GRID_COLS, classes), np.float32)
    ltrb = np.zeros((GRID_ROWS, GRID_COLS, classes, 4), np.float32)
    weight = np.zeros((GRID_ROWS, GRID_COLS, classes), np.float32)
    owner_area = np.full((GRID_ROWS, GRID_COLS, classes), np.inf, np.float32)
    rows, cols = np.mgrid[0:GRID_ROWS, 0:GRID_COLS]
    cy_grid, cx_grid = (rows + 0.5) * DETECTOR_STRIDE, (cols + 0.5) * DETECTOR_STRIDE
    for cls, (x0, y0, x1, y1) in boxes:
        cx, cy = (x0 + x1) / 2.0, (y0 + y1) / 2.0
        col = min(GRID_COLS - 1, max(0, int(cx // DETECTOR_STRIDE)))
        row = min(GRID_ROWS - 1, max(0, int(cy // DETECTOR_STRIDE)))
        w, h = (x1 - x0) / DETECTOR_STRIDE, (y1 - y0) / DETECTOR_STRIDE
        sigma = max(0.5, 0.15 * np.sqrt(w * h))
        g = np.exp(-(((cols - col) ** 2) + ((rows - row) ** 2)) / (2 * sigma * sigma))
        heat[:, :, cls] = np.maximum(heat[:, :, cls], g)
        area = (x1 - x0) * (y1 - y0)
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                r, c = row + dr, col + dc
                if not (0 <= r < GRID_ROWS and 0 <= c < GRID_COLS) or area >= owner_area[r, c, cls]:
                    continue
                px, py = cx_grid[r, c], cy_grid[r, c]
                owner_area[r, c, cls] = area
                ltrb[r, c, cls] = ((px - x0) / BOX_UNIT, (py - y0) / BOX_UNIT, (x1 - px) / BOX_UNIT, (y1 - py) / BOX_UNIT)
                weight[r, c, cls] = 1.0 if (dr, dc) == (0, 0) else 0.5
    return heat, ltrb, weight


def ltrb_giou(pred, target, xp=np):
    """Generalised IoU of box pairs given as (left, top, right, bottom) distances from one shared point [..., 4]
    (the detector's per-cell boxes: prediction and target around the same cell centre), so the intersection and
    the enclosing box follow from the distances alone. A target distance may be negative (a neighbour cell of a
    small box lies outside it). `xp` is numpy or TensorFlow (the training loss)."""
    pl, pt, pr, pb = pred[..., 0], pred[..., 1], pred[..., 2], pred[..., 3]
    tl, tt, tr, tb = target[..., 0], target[..., 1], target[..., 2], target[..., 3]
    pred_area = (pl + pr) * (pt + pb)
    target_area = (tl + tr) * (tt + tb)
    inter_w = xp.maximum(xp.minimum(pl, tl) + xp.minimum(pr, tr), 0.0)
    inter_h = xp.maximum(xp.minimum(pt, tt) + xp.minimum(pb, tb), 0.0)
    inter = inter_w * inter_h
    union = pred_area + target_area - inter
    enclosing = (xp.maximum(pl, tl) + xp.maximum(pr, tr)) * (xp.maximum(pt, tt) + xp.maximum(pb, tb))
    return inter / (union + 1e-7) - (enclosing - union) / (enclosing + 1e-7)


def crop_box(box, width: int, height: int, rng: np.random.Generator | None = None, margin: float = 0.1):
    """A garment box grown by `margin` of its size each side (and randomly jittered for training), clipped."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    if rng is not None:
        x0 += rng.uniform(-0.1, 0.1) * w
        x1 += rng.uniform(-0.1, 0.1) * w
        y0 += rng.uniform(-0.1, 0.1) * h
        y1 += rng.uniform(-0.1, 0.1) * h
    x0, x1 = x0 - margin * w, x1 + margin * w
    y0, y1 = y0 - margin * h, y1 + margin * h
    x0, y0 = max(0, int(round(x0))), max(0, int(round(y0)))
    x1, y1 = min(width, int(round(x1))), min(height, int(round(y1)))
    return x0, y0, max(x0 + 1, x1), max(y0 + 1, y1)


def garment_input(image: np.ndarray, box, size: int = GARMENT_SIZE) -> np.ndarray:
    """The classifier input: the crop scaled to fit size x size (bilinear), centred on black. Fitting, not
    stretching, keeps the garment's proportions, which tell a coat from a jacket and shorts from pants."""
    x0, y0, x1, y1 = box
    return fit_image(np.ascontiguousarray(image[y0:y1, x0:x1]), size, size)


def garment_examples(sample: dict, image: np.ndarray, rng: np.random.Generator | None = None, min_pixels: int = 400, with_cover: bool = False,
                     size: int = GARMENT_SIZE):
    """(input size x size x 3, label index, item id) for each labelled garment of the sample's visible people; with
    `with_cover`, a fourth element: the garment is a top worn under a jacket or coat (mostly hidden by it, or seen
    only between its open flaps)."""
    height, width = image.shape[:2]
    top, outerwear = DETECTOR_CLASSES.index("top"), DETECTOR_CLASSES.index("outerwear")
    out = []
    for person in sample.get("people", []):
        if not person.get("visible", True):
            continue
        outer = any(COARSE_CLASS.get(g.get("category")) == outerwear for g in person.get("garments") or [])
        for garment in person.get("garments") or []:
            category, box = garment.get("category"), garment.get("box")
            if category not in GARMENT_LABELS or not box:
                continue
            if (box[2] - box[0]) * (box[3] - box[1]) < min_pixels or garment.get("visible_pixels", min_pixels) < min_pixels:
                continue
            crop = crop_box(box, width, height, rng)
            example = (garment_input(image, crop, size), GARMENT_LABELS.index(category), garment.get("item_id"))
            out.append(example + (outer and COARSE_CLASS[category] == top,) if with_cover else example)
    return out


def read_crops(folder: str) -> list[dict]:
    """The entries of a generator crops folder (crops.jsonl), with `root` set."""
    entries = []
    path = os.path.join(folder, "crops.jsonl")
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if line.strip():
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError as error:
                    raise DatasetFormatError(f"{path}:{number}: not JSON ({error.msg})") from None
                entry["root"] = folder
                entries.append(entry)
    return entries


def load_crop(entry: dict) -> np.ndarray:
    """A crops-folder image (the item's box plus 10%) as RGB pixels."""
    return _rgb_pixels(os.path.join(entry["root"], entry["file"]))


def _rgb_pixels(source) -> np.ndarray:
    """An image file (a path or a file object) decoded to RGB pixels."""
    with Image.open(source) as image:
        return np.asarray(image.convert("RGB"))


def _crop_jitter_box(width: int, height: int, rng: np.random.Generator | None) -> tuple[int, int, int, int]:
    """The whole crop, or (with `rng`) the crop with up to 8% cut from each side."""
    if rng is None:
        return 0, 0, width, height
    dx0, dx1 = rng.uniform(0, 0.08, 2) * width
    dy0, dy1 = rng.uniform(0, 0.08, 2) * height
    return int(dx0), int(dy0), max(int(dx0) + 1, int(width - dx1)), max(int(dy0) + 1, int(height - dy1))


def crop_array_input(array: np.ndarray, rng: np.random.Generator | None = None, size: int = GARMENT_SIZE) -> np.ndarray:
    """A loaded crop as a classifier input, optionally jittered: up to 8% cut from each side."""
    return garment_input(array, _crop_jitter_box(array.shape[1], array.shape[0], rng), size)


def load_crop_mask(entry: dict) -> np.ndarray | None:
    """A crops-folder entry's mask of the item's own visible pixels (boolean, the crop's size), or None when the
    folder has none (rendered before masks were written)."""
    if not entry.get("mask"):
        return None
    with Image.open(os.path.join(entry["root"], entry["mask"])) as image:
        return np.asarray(image.convert("L")) >= 128


class EncodedCrops:
    """Crops-folder images kept as their JPEG files' bytes and decoded when indexed (`load_crop`'s pixels): a
    training run holds every re-id crop, about 12 KB a crop this way against 110 KB decoded."""

    def __init__(self, entries: list[dict]):
        self._files = []
        for entry in entries:
            with open(os.path.join(entry["root"], entry["file"]), "rb") as f:
                self._files.append(f.read())

    def __len__(self) -> int:
        return len(self._files)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return _rgb_pixels(io.BytesIO(self._files[index]))


class PackedMasks:
    """Crops-folder item masks (`load_crop_mask`) kept packed eight pixels to a byte; an entry without a mask is
    None."""

    def __init__(self, entries: list[dict]):
        self._masks = []
        for entry in entries:
            mask = load_crop_mask(entry)
            self._masks.append(None if mask is None else (mask.shape, np.packbits(mask)))

    def __len__(self) -> int:
        return len(self._masks)

    def __getitem__(self, index: int) -> np.ndarray | None:
        if self._masks[index] is None:
            return None
        shape, bits = self._masks[index]
        return np.unpackbits(bits, count=shape[0] * shape[1]).reshape(shape).astype(bool)


def crop_pair_input(array: np.ndarray, mask: np.ndarray, rng: np.random.Generator | None = None, cells: int | None = None,
                    size: int = GARMENT_SIZE):
    """A loaded crop and its item mask, both cut and fitted alike (`crop_array_input`): the classifier input and
    the share of each of cells x cells input cells that is the item's own pixels (the letterbox is not); `cells`
    defaults to the item-attention map's side, size / ATTENTION_STEP."""
    cells = cells or size // ATTENTION_STEP
    box = _crop_jitter_box(array.shape[1], array.shape[0], rng)
    x0, y0, x1, y1 = box
    image = garment_input(array, box, size)
    grey = np.repeat((mask[y0:y1, x0:x1, None] * 255).astype(np.uint8), 3, axis=2)
    fitted = fit_image(np.ascontiguousarray(grey), size, size)[..., 0].astype(np.float32) / 255.0
    step = size // cells
    return image, fitted.reshape(cells, step, cells, step).mean(axis=(1, 3))


def crop_input(entry: dict, rng: np.random.Generator | None = None, size: int = GARMENT_SIZE) -> np.ndarray:
    """A crops-folder image (the item's box plus 10%) as a classifier input, optionally jittered by up to 8%."""
    return crop_array_input(load_crop(entry), rng, size)


def photometric_jitter(images: np.ndarray, rng: np.random.Generator, share: float = 0.8) -> np.ndarray:
    """A batch of uint8 RGB images [N, H, W, 3], each (with probability `share`) under another light: an exposure
    factor in 0.75...1.3 and a warm or cool residual cast (red and blue gains up to about 12 % apart), applied in
    linear light through a per-image table; black (the letterbox) stays black. The generator's own light changes
    come per day, so an item's crops show only a few of them; this shows the embedding many more."""
    out = np.empty_like(images)
    levels = np.arange(256, dtype=np.float64) / 255.0
    linear = np.where(levels <= 0.04045, levels / 12.92, ((levels + 0.055) / 1.055) ** 2.4)
    for i, image in enumerate(images):
        if rng.uniform() >= share:
            out[i] = image
            continue
        exposure, warmth = rng.uniform(0.75, 1.3), rng.uniform(-1.0, 1.0)
        gains = exposure * np.array([1.0 + 0.06 * warmth, 1.0, 1.0 - 0.06 * warmth]) * rng.normal(1.0, 0.015, 3)
        lifted = np.clip(linear[:, None] * gains[None, :], 0.0, 1.0)
        srgb = np.where(lifted <= 0.0031308, lifted * 12.92, 1.055 * lifted ** (1 / 2.4) - 0.055)
        table = np.round(srgb * 255.0).astype(np.uint8)  # [256, 3]
        for c in range(3):
            out[i, ..., c] = table[image[..., c], c]
    return out


PATTERN_NAMES = ("solid", "stripes", "checks", "dots", "print")
COLOUR_NAMES = ("black", "blue", "brown", "green", "grey", "orange", "pink", "purple", "red", "white", "yellow")


def item_attributes(folder: str) -> dict[str, dict]:
    """What makes each item of a crops folder look like itself, from its closet.json, as training targets for
    the embedding: colour name and pattern indices, base and secondary sRGB in 0..1, and the cut (`item_cut`, or
    None). Items whose colour or pattern is not a known name are left out (the embedding then learns them from
    identity alone)."""
    path = os.path.join(folder, "closet.json")
    try:
        with open(path, encoding="utf-8") as f:
            items = json.load(f)["items"]
    except FileNotFoundError:
        return {}
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise DatasetFormatError(f"{path}: not a closet ({error})") from None
    out = {}
    for item in items:
        try:
            colour, pattern = COLOUR_NAMES.index(item["colour"]), PATTERN_NAMES.index(item["pattern"])
            base = np.asarray(item["base_srgb"], np.float32) / 255.0
            secondary = np.asarray(item["secondary_srgb"], np.float32) / 255.0
        except (KeyError, ValueError, TypeError):
            continue
        if base.shape != (3,) or secondary.shape != (3,):
            continue
        out[str(item["item_id"])] = {"colour": colour, "pattern": pattern, "base": base, "secondary": secondary,
                                     "cut": item_cut(item), "weave": item_weave(item)}  # fmt: skip
    return out


# The generator's look-alike limits: two items of one colour and pattern whose fit, length or sleeve differ by this
# much are told apart by their cut.
CUT_UNITS = LOOK_ALIKE_CUT
# The weave's angle part, in the same units: two stripes 45 degrees apart differ by 2 sqrt(2), a period ratio of about 2.
WEAVE_ANGLE_SCALE = 2.0
# How the generator draws each pattern's angle (scenegen.scene._pattern_weight): stripes and rows of dots repeat every
# 180 degrees, checks every 90; a print ignores the angle.
WEAVE_SYMMETRY = {"stripes": 2, "dots": 2, "checks": 4}


def item_weave(item: dict) -> tuple[np.ndarray, np.ndarray] | None:
    """A patterned item's weave as a training target for the embedding, in units of the generator's look-alike
    limits: the log of the pattern period over the log of LOOK_ALIKE_PERIOD_RATIO, and the pattern angle as a point
    on a circle (cos, sin of the angle times its symmetry, WEAVE_SYMMETRY), times WEAVE_ANGLE_SCALE. Returns (target
    [3], known [3]): a print's angle is not known (the generator does not turn prints). None for a solid item, or
    when the closet does not say."""
    pattern = item.get("pattern")
    if pattern not in PATTERN_NAMES or pattern == "solid":
        return None
    try:
        period, angle = float(item["pattern_period_m"]), float(item["pattern_angle_deg"])
    except (KeyError, ValueError, TypeError):
        return None
    if not (np.isfinite(period) and period > 0 and np.isfinite(angle)):
        return None
    turns = np.radians(angle) * WEAVE_SYMMETRY.get(pattern, 0)
    target = [np.log(period) / np.log(LOOK_ALIKE_PERIOD_RATIO), WEAVE_ANGLE_SCALE * np.cos(turns), WEAVE_ANGLE_SCALE * np.sin(turns)]
    known = [1.0, 1.0, 1.0] if pattern in WEAVE_SYMMETRY else [1.0, 0.0, 0.0]
    return np.asarray(target, np.float32), np.asarray(known, np.float32)


def item_cut(item: dict) -> np.ndarray | None:
    """An item's cut as a training target for the embedding, in units of the generator's look-alike limits: fit,
    length and sleeve each divided by its limit, and 1 for a V neck (0 for crew). None when the closet does not
    say, and for the categories the generator draws alike whatever their cut numbers (`UNCUT`: shoes)."""
    if item.get("category") in UNCUT:
        return None
    try:
        values = [float(item[name]) / unit for name, unit in CUT_UNITS.items()]
        values.append(1.0 if item["neckline"] == "v" else 0.0)
    except (KeyError, ValueError, TypeError):
        return None
    return np.asarray(values, np.float32) if all(np.isfinite(values)) else None
