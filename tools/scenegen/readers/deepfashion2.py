"""DeepFashion2 annotations (one JSON per image with item1, item2, ...) -> samples.

Garments of the same pair_id with the same non-zero style are the same item in DeepFashion2, so they get the
same item_id ("df2-<pair_id>-<style>"): the re-identification signal the embedding trainer needs.
"""

from __future__ import annotations

import json
import os

from ..sample import DatasetFormatError, make_garment, make_person, make_sample

CATEGORY_MAP = {
    1: "t-shirts",  # short sleeve top
    2: "tops",  # long sleeve top
    3: "jackets",  # short sleeve outwear
    4: "jackets",  # long sleeve outwear (coats are not told apart)
    5: "tops",  # vest
    6: "tops",  # sling
    7: "shorts",
    8: "pants",  # trousers
    9: "skirts",
    10: "dresses", 11: "dresses", 12: "dresses", 13: "dresses",  # short/long sleeve, vest, sling dress
}  # fmt: skip


def read_deepfashion2_file(path: str, image_dir: str | None = None) -> dict:
    """The sample of one annotation file (annos/000001.json -> image/000001.jpg)."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except OSError as error:
        raise DatasetFormatError(f"{path}: cannot read ({error.strerror})") from None
    except json.JSONDecodeError as error:
        raise DatasetFormatError(f"{path}: not JSON ({error.msg} at line {error.lineno})") from None
    if not isinstance(data, dict):
        raise DatasetFormatError(f"{path}: expected a JSON object with item1, item2, ...")
    stem = os.path.splitext(os.path.basename(path))[0]
    pair_id = data.get("pair_id")
    garments = []
    keys = sorted((k for k in data if k.startswith("item") and k[4:].isdigit()), key=lambda k: int(k[4:]))
    if not keys:
        raise DatasetFormatError(f"{path}: no item1, item2, ... entries")
    for key in keys:
        item = data[key]
        try:
            category_id = int(item["category_id"])
            x0, y0, x1, y1 = (float(v) for v in item["bounding_box"])
            polygons = [[float(v) for v in poly] for poly in item.get("segmentation", [])]
            style = int(item.get("style", 0))
        except (KeyError, TypeError, ValueError) as error:
            raise DatasetFormatError(f"{path}: {key} lacks or has a malformed field ({error})") from None
        if category_id not in CATEGORY_MAP:
            raise DatasetFormatError(f"{path}: {key} has category_id {category_id}, expected 1...13")
        if x1 <= x0 or y1 <= y0:
            raise DatasetFormatError(f"{path}: {key} has an empty bounding_box")
        item_id = f"df2-{pair_id}-{style}" if pair_id is not None and style > 0 else None
        mask = {"polygons": polygons} if polygons else None
        garments.append(make_garment(item_id, CATEGORY_MAP[category_id], [int(x0), int(y0), int(x1), int(y1)], mask=mask))
    image_name = f"image/{stem}.jpg"
    width = height = None
    if image_dir is not None and os.path.exists(os.path.join(image_dir, f"{stem}.jpg")):
        from PIL import Image

        with Image.open(os.path.join(image_dir, f"{stem}.jpg")) as im:
            width, height = im.size
    return make_sample(image_name, width, height, [make_person("person", garments=garments)], "deepfashion2")


def read_deepfashion2(anno_dir: str, image_dir: str | None = None) -> list[dict]:
    """Samples for every annos/*.json in a DeepFashion2 split folder, in file name order."""
    try:
        names = sorted(n for n in os.listdir(anno_dir) if n.endswith(".json"))
    except OSError as error:
        raise DatasetFormatError(f"{anno_dir}: cannot list ({error.strerror})") from None
    return [read_deepfashion2_file(os.path.join(anno_dir, n), image_dir) for n in names]
