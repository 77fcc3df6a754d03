"""Binary masks as uncompressed run-length encoding, COCO style: column-major runs, the first run counts zeros."""

from __future__ import annotations

import numpy as np


def encode(mask: np.ndarray) -> dict:
    """{"size": [height, width], "counts": [...]} for a 2D boolean mask."""
    flat = np.asarray(mask, dtype=bool).flatten(order="F")
    changes = np.flatnonzero(flat[1:] != flat[:-1]) + 1
    bounds = np.concatenate([[0], changes, [flat.size]])
    counts = np.diff(bounds).tolist()
    if flat.size and flat[0]:
        counts = [0] + counts
    return {"size": [int(mask.shape[0]), int(mask.shape[1])], "counts": [int(c) for c in counts]}


def decode(rle: dict) -> np.ndarray:
    """The boolean mask of an encoding made by `encode` (or COCO's uncompressed RLE)."""
    height, width = (int(v) for v in rle["size"])
    counts = [int(c) for c in rle["counts"]]
    if any(c < 0 for c in counts) or sum(counts) != height * width:
        raise ValueError(f"RLE counts sum to {sum(counts)}, expected {height}x{width} = {height * width} (or a count is negative)")
    values = np.zeros(len(counts), dtype=bool)
    values[1::2] = True
    flat = np.repeat(values, counts)
    return flat.reshape((width, height)).T


def polygons_to_mask(polygons: list[list[float]], height: int, width: int) -> np.ndarray:
    """Rasterises COCO/DeepFashion2 polygons ([x0, y0, x1, y1, ...] lists) into a boolean mask."""
    from PIL import Image, ImageDraw

    img = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(img)
    for poly in polygons:
        if len(poly) >= 6:
            draw.polygon([(float(poly[i]), float(poly[i + 1])) for i in range(0, len(poly) - 1, 2)], fill=1)
    return np.asarray(img, dtype=bool)
