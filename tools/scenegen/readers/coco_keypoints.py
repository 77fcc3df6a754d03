"""COCO person keypoints (person_keypoints_*.json) -> samples with people and 17 keypoints, no garments."""

from __future__ import annotations

import json

from ..body import KEYPOINT_NAMES
from ..sample import DatasetFormatError, make_person, make_sample


def read_coco_keypoints(path: str, include_crowd: bool = False) -> list[dict]:
    """One sample per image of the file, with one person per (non-crowd) person annotation."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except OSError as error:
        raise DatasetFormatError(f"{path}: cannot read ({error.strerror})") from None
    except json.JSONDecodeError as error:
        raise DatasetFormatError(f"{path}: not JSON ({error.msg} at line {error.lineno})") from None
    for key in ("images", "annotations"):
        if not isinstance(data.get(key), list):
            raise DatasetFormatError(f"{path}: missing the {key!r} list")
    for category in data.get("categories", []):
        names = category.get("keypoints")
        if category.get("name") == "person" and names is not None and tuple(names) != KEYPOINT_NAMES:
            raise DatasetFormatError(f"{path}: the person category's keypoints are not the 17 COCO keypoints in order")
    images = {}
    for image in data["images"]:
        try:
            images[image["id"]] = (str(image["file_name"]), int(image["width"]), int(image["height"]))
        except (KeyError, TypeError, ValueError) as error:
            raise DatasetFormatError(f"{path}: an image entry lacks or has a malformed field ({error})") from None
    people: dict[int, list[dict]] = {image_id: [] for image_id in images}
    for n, ann in enumerate(data["annotations"]):
        if ann.get("category_id", 1) != 1 or (ann.get("iscrowd", 0) and not include_crowd):
            continue
        image_id = ann.get("image_id")
        if image_id not in images:
            raise DatasetFormatError(f"{path}: annotation {n} refers to image_id {image_id!r}, which is not in 'images'")
        values = ann.get("keypoints")
        if not isinstance(values, list) or len(values) != 51:
            raise DatasetFormatError(f"{path}: annotation {n} has {len(values) if isinstance(values, list) else 'no'} keypoint values, expected 51")
        keypoints = [[float(values[3 * k]), float(values[3 * k + 1]), int(values[3 * k + 2])] for k in range(17)]
        if any(v not in (0, 1, 2) for _, _, v in keypoints):
            raise DatasetFormatError(f"{path}: annotation {n} has a keypoint visibility outside 0, 1, 2")
        box = None
        if isinstance(ann.get("bbox"), list) and len(ann["bbox"]) == 4:
            x, y, w, h = (float(v) for v in ann["bbox"])
            box = [int(x), int(y), int(round(x + w)), int(round(y + h))]
        people[image_id].append(make_person("person", box=box, keypoints=keypoints))
    return [make_sample(name, w, h, people[image_id], "coco") for image_id, (name, w, h) in images.items()]
