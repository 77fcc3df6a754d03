"""DeepFashion (Category and Attribute Prediction) list files -> samples.

Reads Anno/list_category_cloth.txt, list_category_img.txt, list_bbox.txt and, when present, list_attr_cloth.txt
and list_attr_img.txt. Each list file starts with a count line and a header line. Categories map onto closetd's
12 product types (unmapped ones give category None); textures among the attributes give the pattern, colour
words the colour.
"""

from __future__ import annotations

import os

from ..colours import COLOUR_NAMES
from ..sample import DatasetFormatError, make_garment, make_person, make_sample

CATEGORY_MAP = {
    "anorak": "jackets", "blazer": "jackets", "blouse": "blouses", "bomber": "jackets", "button-down": "shirts",
    "cardigan": "jackets", "flannel": "shirts", "halter": "tops", "henley": "t-shirts", "hoodie": "tops",
    "jacket": "jackets", "jersey": "t-shirts", "parka": "coats", "peacoat": "coats", "poncho": "coats",
    "sweater": "tops", "tank": "tops", "tee": "t-shirts", "top": "tops", "turtleneck": "tops",
    "capris": "pants", "chinos": "pants", "culottes": "pants", "cutoffs": "shorts", "gauchos": "pants",
    "jeans": "jeans", "jeggings": "jeans", "jodhpurs": "pants", "joggers": "pants", "leggings": "pants",
    "sarong": "skirts", "shorts": "shorts", "skirt": "skirts", "sweatpants": "pants", "sweatshorts": "shorts",
    "trunks": "shorts", "caftan": "dresses", "cape": "coats", "coat": "coats", "coverup": "dresses",
    "dress": "dresses", "jumpsuit": "jumpsuits", "kaftan": "dresses", "kimono": "coats", "nightdress": "dresses",
    "onesie": "jumpsuits", "robe": "coats", "romper": "jumpsuits", "shirtdress": "dresses", "sundress": "dresses",
}  # fmt: skip

PATTERN_WORDS = {
    "stripe": "stripes", "striped": "stripes", "stripes": "stripes", "plaid": "checks", "check": "checks",
    "checked": "checks", "gingham": "checks", "dot": "dots", "dots": "dots", "dotted": "dots", "polka": "dots",
    "floral": "print", "print": "print", "printed": "print", "graphic": "print", "paisley": "print",
}  # fmt: skip


def _read_list(path: str, min_fields: int) -> list[tuple[int, list[str]]]:
    """Data lines (line number, fields) of a DeepFashion list file, after its count and header lines."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as error:
        raise DatasetFormatError(f"{path}: cannot read ({error.strerror})") from None
    if len(lines) < 2:
        raise DatasetFormatError(f"{path}: expected a count line and a header line, found {len(lines)} lines")
    try:
        count = int(lines[0].strip())
    except ValueError:
        raise DatasetFormatError(f"{path}:1: expected the number of entries, found {lines[0][:40]!r}") from None
    rows = [(n + 3, line.split()) for n, line in enumerate(lines[2:]) if line.strip()]
    if len(rows) != count:
        raise DatasetFormatError(f"{path}: the count line says {count} entries, found {len(rows)}")
    for number, fields in rows:
        if len(fields) < min_fields:
            raise DatasetFormatError(f"{path}:{number}: expected at least {min_fields} fields, found {len(fields)}")
    return rows


def _int(path: str, number: int, text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise DatasetFormatError(f"{path}:{number}: expected an integer, found {text!r}") from None


def read_partition(path: str) -> dict[str, str]:
    """Eval/list_eval_partition.txt: image name -> "train", "val" or "test"."""
    split = {}
    for number, fields in _read_list(path, 2):
        if fields[1] not in ("train", "val", "test"):
            raise DatasetFormatError(f"{path}:{number}: expected train, val or test, found {fields[1]!r}")
        split[fields[0]] = fields[1]
    return split


def read_deepfashion(anno_dir: str, image_root: str | None = None, partition: str | None = None, partition_file: str | None = None) -> list[dict]:
    """Samples for every image of list_category_img.txt in anno_dir (one person with one garment each).

    With `partition` ("train", "val" or "test") only that split of `partition_file` is read (by default
    Eval/list_eval_partition.txt beside the Anno folder).
    """
    cloth_path = os.path.join(anno_dir, "list_category_cloth.txt")
    names = [fields[0] for _, fields in _read_list(cloth_path, 2)]
    img_path = os.path.join(anno_dir, "list_category_img.txt")
    categories: dict[str, str | None] = {}
    for number, fields in _read_list(img_path, 2):
        label = _int(img_path, number, fields[1])
        if not 1 <= label <= len(names):
            raise DatasetFormatError(f"{img_path}:{number}: category label {label} is outside 1...{len(names)}")
        categories[fields[0]] = CATEGORY_MAP.get(names[label - 1].lower())
    bbox_path = os.path.join(anno_dir, "list_bbox.txt")
    boxes: dict[str, list[int]] = {}
    for number, fields in _read_list(bbox_path, 5):
        x0, y0, x1, y1 = (_int(bbox_path, number, v) for v in fields[1:5])
        if x1 <= x0 or y1 <= y0:
            raise DatasetFormatError(f"{bbox_path}:{number}: empty box {x0} {y0} {x1} {y1}")
        boxes[fields[0]] = [x0, y0, x1, y1]
    attributes: dict[str, list[str]] = {}
    attr_cloth = os.path.join(anno_dir, "list_attr_cloth.txt")
    attr_img = os.path.join(anno_dir, "list_attr_img.txt")
    if os.path.exists(attr_cloth) and os.path.exists(attr_img):
        # Attribute names may contain spaces; the last field is the attribute type.
        attr_names = [" ".join(fields[:-1]) for _, fields in _read_list(attr_cloth, 2)]
        for number, fields in _read_list(attr_img, 1 + len(attr_names)):
            if len(fields) != 1 + len(attr_names):
                raise DatasetFormatError(f"{attr_img}:{number}: expected {len(attr_names)} attribute values, found {len(fields) - 1}")
            attributes[fields[0]] = [attr_names[k] for k, v in enumerate(fields[1:]) if _int(attr_img, number, v) == 1]
    wanted = None
    if partition is not None:
        split = read_partition(partition_file or os.path.join(os.path.dirname(os.path.normpath(anno_dir)), "Eval", "list_eval_partition.txt"))
        wanted = {image for image, part in split.items() if part == partition}
    samples = []
    for image, category in categories.items():
        if wanted is not None and image not in wanted:
            continue
        if image not in boxes:
            raise DatasetFormatError(f"{bbox_path}: no box for {image} (listed in {img_path})")
        words = [w for name in attributes.get(image, []) for w in name.lower().replace("-", " ").split()]
        pattern = next((PATTERN_WORDS[w] for w in words if w in PATTERN_WORDS), "solid" if image in attributes else None)
        colour = next((w for w in words if w in COLOUR_NAMES), None)
        width = height = None
        if image_root is not None and os.path.exists(os.path.join(image_root, image)):
            from PIL import Image

            with Image.open(os.path.join(image_root, image)) as im:
                width, height = im.size
        garment = make_garment(None, category, boxes[image], colour=colour, pattern=pattern)
        samples.append(make_sample(image, width, height, [make_person("person", garments=[garment])], "deepfashion"))
    return samples
