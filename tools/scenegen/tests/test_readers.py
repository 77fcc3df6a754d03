"""The dataset readers on tiny fabricated fixtures in the DeepFashion, DeepFashion2 and COCO keypoints formats."""

from __future__ import annotations

import json
import os
import shutil

import numpy as np
import pytest
from PIL import Image

from scenegen.readers.coco_keypoints import read_coco_keypoints
from scenegen.readers.deepfashion import read_deepfashion
from scenegen.readers.deepfashion2 import read_deepfashion2, read_deepfashion2_file
from scenegen.sample import DatasetFormatError, mask_array

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")
SAMPLE_KEYS = {"file", "width", "height", "timestamp", "session", "person_present", "source", "people"}


def _check_shape(sample: dict) -> None:
    assert set(sample) == SAMPLE_KEYS
    for person in sample["people"]:
        assert {"role", "visible", "box", "keypoints", "head_box", "garments", "hidden_items"} <= set(person)
        for g in person["garments"]:
            assert {"item_id", "category", "colour", "pattern", "box", "mask"} <= set(g)


def test_deepfashion_categories_boxes_and_attributes(tmp_path):
    root = tmp_path / "img" / "Floral_Blouse"
    root.mkdir(parents=True)
    Image.new("RGB", (100, 150)).save(root / "img_00000001.jpg")
    samples = read_deepfashion(os.path.join(FIXTURES, "deepfashion", "Anno"), image_root=str(tmp_path))
    assert len(samples) == 4
    by_file = {s["file"]: s for s in samples}
    for s in samples:
        _check_shape(s)
        assert s["source"] == "deepfashion"
    blouse = by_file["img/Floral_Blouse/img_00000001.jpg"]
    assert (blouse["width"], blouse["height"]) == (100, 150)
    g = blouse["people"][0]["garments"][0]
    assert (g["category"], g["colour"], g["pattern"], g["box"]) == ("blouses", "red", "print", [10, 20, 90, 120])
    jeans = by_file["img/Skinny_Jeans/img_00000002.jpg"]["people"][0]["garments"][0]
    assert (jeans["category"], jeans["pattern"], jeans["colour"]) == ("jeans", "solid", None)
    assert by_file["img/Skinny_Jeans/img_00000002.jpg"]["width"] is None  # no image given
    dress = by_file["img/Striped_Dress/img_00000003.jpg"]["people"][0]["garments"][0]
    assert (dress["category"], dress["pattern"]) == ("dresses", "stripes")
    odd = by_file["img/Odd_Sash/img_00000004.jpg"]["people"][0]["garments"][0]
    assert (odd["category"], odd["pattern"]) == (None, "dots")  # "polka dot": an attribute name with a space


def _copy_deepfashion(tmp_path):
    anno = tmp_path / "Anno"
    shutil.copytree(os.path.join(FIXTURES, "deepfashion", "Anno"), anno)
    return anno


@pytest.mark.parametrize(
    "file, old, new, message",
    [
        ("list_category_img.txt", "4\n", "5\n", "the count line says 5 entries, found 4"),
        ("list_category_img.txt", "img_00000002.jpg                             2", "img_00000002.jpg                             9", "category label 9 is outside 1...5"),
        ("list_bbox.txt", "30  40  70 190", "30  40  x 190", "expected an integer, found 'x'"),
        ("list_bbox.txt", "30  40  70 190", "30  40  30 190", "empty box"),
        ("list_attr_img.txt", "-1 -1 -1 -1 -1", "-1 -1 -1 -1", "expected at least 6 fields"),
    ],
)
def test_deepfashion_bad_files_are_named_with_the_reason(tmp_path, file, old, new, message):
    anno = _copy_deepfashion(tmp_path)
    path = anno / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(DatasetFormatError) as error:
        read_deepfashion(str(anno))
    assert file in str(error.value) and message in str(error.value)


def test_deepfashion_missing_file(tmp_path):
    anno = _copy_deepfashion(tmp_path)
    os.remove(anno / "list_bbox.txt")
    with pytest.raises(DatasetFormatError, match="list_bbox.txt: cannot read"):
        read_deepfashion(str(anno))


def test_deepfashion2_items_masks_and_identity(tmp_path):
    image_dir = tmp_path / "image"
    image_dir.mkdir()
    Image.new("RGB", (240, 320)).save(image_dir / "000001.jpg")
    samples = read_deepfashion2(os.path.join(FIXTURES, "deepfashion2", "annos"), image_dir=str(image_dir))
    assert [s["file"] for s in samples] == ["image/000001.jpg", "image/000002.jpg"]
    for s in samples:
        _check_shape(s)
    first, second = samples
    assert (first["width"], first["height"]) == (240, 320)
    top, trousers = first["people"][0]["garments"]
    assert (top["category"], trousers["category"]) == ("t-shirts", "pants")
    # The user photo and the shop photo of pair 7, style 1 are the same item.
    assert top["item_id"] == second["people"][0]["garments"][0]["item_id"] == "df2-7-1"
    dress = second["people"][0]["garments"][1]
    assert (dress["category"], dress["item_id"], dress["mask"]) == ("dresses", None, None)  # style 0: no identity
    mask = mask_array(trousers["mask"], 320, 240)
    ys, xs = np.nonzero(mask)
    x0, y0, x1, y1 = trousers["box"]
    assert mask.sum() > 0 and xs.min() >= x0 and xs.max() <= x1 and ys.min() >= y0 and ys.max() <= y1


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json", "not JSON"),
        ('{"pair_id": 1}', "no item1"),
        ('{"item1": {"category_id": 14, "bounding_box": [0, 0, 5, 5]}}', "category_id 14"),
        ('{"item1": {"category_id": 2}}', "lacks or has a malformed field"),
        ('{"item1": {"category_id": 2, "bounding_box": [5, 5, 5, 9]}}', "empty bounding_box"),
        ("[1, 2]", "expected a JSON object"),
    ],
)
def test_deepfashion2_bad_files(tmp_path, content, message):
    path = tmp_path / "000009.json"
    path.write_text(content)
    with pytest.raises(DatasetFormatError) as error:
        read_deepfashion2_file(str(path))
    assert "000009.json" in str(error.value) and message in str(error.value)


def test_coco_keypoints_people_and_visibility():
    samples = read_coco_keypoints(os.path.join(FIXTURES, "coco", "person_keypoints_tiny.json"))
    assert [s["file"] for s in samples] == ["000000000011.jpg", "000000000012.jpg"]
    for s in samples:
        _check_shape(s)
    first, second = samples
    assert (first["width"], first["height"]) == (320, 240)
    assert len(first["people"]) == 2  # the crowd annotation is left out
    person = first["people"][0]
    assert person["keypoints"][0] == [100.0, 50.0, 1] and person["keypoints"][5] == [115.0, 100.0, 2]
    assert person["box"] == [90, 40, 160, 220]
    assert person["garments"] == [] and person["head_box"] is None
    assert first["person_present"] and not second["person_present"] and second["people"] == []


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d.pop("annotations"), "missing the 'annotations' list"),
        (lambda d: d["annotations"][0].update(keypoints=[0] * 50), "has 50 keypoint values, expected 51"),
        (lambda d: d["annotations"][0].update(image_id=99), "image_id 99"),
        (lambda d: d["annotations"][0]["keypoints"].__setitem__(2, 3), "visibility outside 0, 1, 2"),
        (lambda d: d["categories"][0]["keypoints"].reverse(), "not the 17 COCO keypoints"),
    ],
)
def test_coco_bad_files(tmp_path, change, message):
    with open(os.path.join(FIXTURES, "coco", "person_keypoints_tiny.json")) as f:
        data = json.load(f)
    change(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(DatasetFormatError) as error:
        read_coco_keypoints(str(path))
    assert "bad.json" in str(error.value) and message in str(error.value)


def test_generator_truth_is_the_same_representation(tmp_path):
    from scenegen.scenario import write_dataset

    write_dataset(5, 2, str(tmp_path), log=lambda _: None)
    for line in (tmp_path / "labels.jsonl").read_text().splitlines():
        record = json.loads(line)
        _check_shape(record)
        assert record["source"] == "scenegen"


def test_deepfashion_partition(tmp_path):
    anno = os.path.join(FIXTURES, "deepfashion", "Anno")
    train = read_deepfashion(anno, partition="train")
    assert [s["file"] for s in train] == ["img/Floral_Blouse/img_00000001.jpg", "img/Skinny_Jeans/img_00000002.jpg"]
    assert [s["file"] for s in read_deepfashion(anno, partition="val")] == ["img/Striped_Dress/img_00000003.jpg"]
    bad = tmp_path / "list_eval_partition.txt"
    bad.write_text("1\nimage_name  evaluation_status\nimg/a.jpg  later\n")
    with pytest.raises(DatasetFormatError, match="list_eval_partition.txt:3: expected train, val or test, found 'later'"):
        read_deepfashion(anno, partition="train", partition_file=str(bad))
