"""The internal sample representation shared by the generator's ground truth and the real-dataset readers.

A sample is a dict, exactly one line of the generator's truth.jsonl / labels.jsonl:

    {"file": str, "width": int | None, "height": int | None, "timestamp": str | None, "session": str | None,
     "person_present": bool, "source": str,
     "people": [{"role": "owner" | "passerby" | "person", "visible": bool, "box": [x0, y0, x1, y1] | None,
                 "keypoints": [[x, y, v] x 17] | None, "head_box": [x0, y0, x1, y1] | None,
                 "garments": [{"item_id": str | None, "category": str | None, "colour": str | None,
                               "pattern": str | None, "box": [x0, y0, x1, y1],
                               "mask": {"size": [h, w], "counts": [...]} | {"polygons": [[x, y, ...]]} | None}],
                 "hidden_items": [str]}]}

Boxes are pixels, x1/y1 exclusive. Keypoint visibility follows COCO: 0 not in the image (or not labelled),
1 labelled but hidden, 2 visible. Readers put None where a dataset does not say (DeepFashion has no masks,
COCO has no garments).
"""

from __future__ import annotations

import numpy as np

from . import rle


class DatasetFormatError(ValueError):
    """A dataset file that does not have the expected format; the message names the file, the line and why."""


def make_sample(file: str, width: int | None, height: int | None, people: list[dict], source: str) -> dict:
    """A sample in the shared representation."""
    return {
        "file": file,
        "width": width,
        "height": height,
        "timestamp": None,
        "session": None,
        "person_present": any(p.get("role") in ("owner", "person") and p.get("visible", True) for p in people),
        "source": source,
        "people": people,
    }


def make_person(role: str, box=None, keypoints=None, head_box=None, garments=None) -> dict:
    """One person entry of a sample."""
    return {"role": role, "visible": True, "box": box, "keypoints": keypoints, "head_box": head_box, "garments": garments or [], "hidden_items": []}


def make_garment(item_id, category, box, colour=None, pattern=None, mask=None) -> dict:
    """One garment entry of a sample."""
    return {"item_id": item_id, "category": category, "colour": colour, "pattern": pattern, "box": box, "mask": mask}


def mask_array(mask: dict, height: int, width: int) -> np.ndarray:
    """A garment mask (RLE or polygons) as a boolean array."""
    if "counts" in mask:
        return rle.decode(mask)
    return rle.polygons_to_mask(mask["polygons"], height, width)
