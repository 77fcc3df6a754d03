"""The models' data path (no TensorFlow): contracts' preprocessing, targets that decode back to the truth, the
metrics on perfect and on wrong predictions, and the real-dataset formats through `train.py prepare`."""

from __future__ import annotations

import json
import os
import shutil
import sys

import numpy as np
import pytest
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import data as D  # noqa: E402
import evaluate as E  # noqa: E402
import train as T  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
SAMPLES = os.path.join(ROOT, "samples")
FIXTURES = os.path.join(ROOT, "tools", "scenegen", "tests", "fixtures")


@pytest.fixture(scope="module")
def owner_samples():
    samples = [s for s in D.read_labels(SAMPLES) if D.main_person(s) is not None][:12]
    assert samples, "the committed sample frames have the owner in them"
    return samples, [D.load_image(s) for s in samples]


def test_fit_image_puts_keypoints_on_their_pixels():
    image = np.zeros((640, 480, 3), np.uint8)
    image[300:310, 100:110] = 255  # a white square with its centre at x 105, y 305
    sample = {"file": "x", "people": [{"role": "owner", "box": [0, 0, 480, 640],
                                        "keypoints": [[105.0, 305.0, 2]] * 17, "garments": []}]}  # fmt: skip
    x, points, vis = D.pose_example(sample, image)
    assert x.shape == (192, 192, 3) and vis.tolist() == [2.0] * 17
    y, xx = np.unravel_index(np.argmax(x[..., 0]), x.shape[:2])
    assert abs(points[0, 0] * 192 - (y + 0.5)) <= 2 and abs(points[0, 1] * 192 - (xx + 0.5)) <= 2
    assert x[:, :24].max() == 0 and x[:, -24:].max() == 0  # 480x640 -> 144x192 centred: black bars each side
    detector = D.fit_image(image, D.DETECTOR_WIDTH, D.DETECTOR_HEIGHT)
    assert detector.shape == (256, 192, 3) and detector[121:123, 41:43].min() > 150  # exact fit (x0.4), no bars


def test_flip_swaps_left_and_right():
    rng = np.random.default_rng(1)
    image = rng.integers(0, 256, (192, 192, 3), dtype=np.uint8)
    points, vis = rng.uniform(size=(17, 2)).astype(np.float32), rng.integers(0, 3, 17).astype(np.float32)
    flipped, fpoints, fvis = D.flip_pose(image, points, vis)
    assert np.array_equal(flipped[:, ::-1], image)
    assert np.allclose(fpoints[6], [points[5, 0], 1 - points[5, 1]]) and fvis[6] == vis[5]  # left shoulder -> right
    assert np.allclose(fpoints[0], [points[0, 0], 1 - points[0, 1]])  # the nose stays the nose
    again = D.flip_pose(flipped, fpoints, fvis)
    assert np.array_equal(again[0], image) and np.allclose(again[1], points) and np.array_equal(again[2], vis)


def test_detector_targets_decode_to_the_truth(owner_samples):
    samples, images = owner_samples
    scores, boxes = [], []
    for sample, image in zip(samples, images):
        heat, ltrb, _ = D.detector_targets(D.detector_boxes(sample, image.shape))
        scores.append(heat.reshape(-1, len(D.DETECTOR_CLASSES)))
        boxes.append(ltrb.reshape(-1, 4 * len(D.DETECTOR_CLASSES)))
        assert heat.max() <= 1.0
    perfect, _ = E.mean_average_precision(samples, images, (np.stack(scores), np.stack(boxes)))
    assert perfect > 0.95  # only garments whose centres share a cell with a larger one are lost
    shifted = [np.roll(b, 3, axis=0) for b in boxes]  # boxes read from the wrong cells
    wrong, _ = E.mean_average_precision(samples, images, (np.stack(scores), np.stack(shifted)))
    assert wrong < perfect - 0.3


def test_pck_counts_right_and_wrong_keypoints(owner_samples):
    samples, images = owner_samples
    truth = np.stack([D.pose_example(s, im)[1] for s, im in zip(samples, images)])
    exact = np.concatenate([truth, np.ones((len(truth), 17, 1), np.float32)], axis=-1)
    value, count = E.pck(samples, images, exact)
    assert value == 1.0 and count > 100
    far = exact.copy()
    far[:, :, 0] += 0.2  # 38 px of the 192 input, far more than 0.2 of any torso here
    assert E.pck(samples, images, far)[0] < 0.05


def test_reid_top1_and_garment_crops(owner_samples):
    samples, images = owner_samples
    examples = [e for s, im in zip(samples, images) for e in D.garment_examples(s, im)]
    assert examples and all(x.shape == (96, 96, 3) and 0 <= label < 13 for x, label, _ in examples)
    flagged = [e for s, im in zip(samples, images) for e in D.garment_examples(s, im, with_cover=True)]
    assert len(flagged) == len(examples)
    assert all((x == y).all() and a == b and i == j for (x, a, i, _), (y, b, j) in zip(flagged, examples))
    entries = [{"item_id": f"i{k % 5}", "date": f"2026-03-0{1 + k // 5}"} for k in range(15)]
    one_hot = np.eye(5)[[k % 5 for k in range(15)]]
    assert E.reid_top1(entries, one_hot) == (1.0, 10, 5)
    assert E.reid_top1(entries, np.roll(one_hot, 1, axis=1)[[0] * 5 + list(range(5, 15))])[0] < 1.0
    # One odd first-day view of item 0: its two later images miss against the first-day gallery, but against the
    # mean of the other days' images only the odd image itself misses.
    odd = one_hot.copy()
    odd[0] = [-0.2, 0.9, 0.1, 0, 0]
    assert E.reid_top1(entries, odd) == (0.8, 10, 5)
    assert E.reid_top1_other_days(entries, odd) == (14 / 15, 15)
    assert E.reid_top1_other_days(entries, one_hot) == (1.0, 15)
    # By category: item 0 (a jacket here) misses both its queries, the other four items (tops) none.
    for entry in entries:
        entry["category"] = "jackets" if entry["item_id"] == "i0" else "tops"
    assert E.reid_top1_by_category(entries, odd) == {"jackets": (0.0, 2), "tops": (1.0, 8)}
    # Asked only about the items of its coarse class (outerwear: item 0 alone), the jacket finds itself; a top that
    # looks like another top on its second day still misses.
    assert E.reid_top1(entries, odd, within_coarse_class=True) == (1.0, 10, 5)
    mixed = odd.copy()
    mixed[6] = one_hot[2]
    assert E.reid_top1(entries, mixed, within_coarse_class=True) == (0.9, 10, 5)


def test_a_top_under_a_jacket_is_flagged_covered():
    image = np.zeros((200, 100, 3), np.uint8)
    person = {"garments": [{"category": "shirts", "box": [10, 10, 90, 100], "item_id": "a"},
                           {"category": "jackets", "box": [5, 5, 95, 110], "item_id": "b"},
                           {"category": "jeans", "box": [20, 100, 80, 190], "item_id": "c"}]}  # fmt: skip
    covered = {item: under for _, _, item, under in D.garment_examples({"people": [person]}, image, with_cover=True)}
    assert covered == {"a": True, "b": False, "c": False}
    person["garments"].pop(1)
    covered = {item: under for _, _, item, under in D.garment_examples({"people": [person]}, image, with_cover=True)}
    assert covered == {"a": False, "c": False}


def test_prepare_from_the_generator_and_the_real_dataset_formats(tmp_path):
    out = tmp_path / "pose.npz"
    T.main(["prepare", "--data", SAMPLES, "--task", "pose", "--out", str(out), "--limit", "5"])
    cache = np.load(out)
    assert cache["x"].shape == (5, 192, 192, 3) and cache["points"].shape == (5, 17, 2)
    # DeepFashion: list files plus images under their own root -> garment crops with mapped categories.
    images = tmp_path / "df"
    for name in ("Floral_Blouse/img_00000001.jpg", "Skinny_Jeans/img_00000002.jpg", "Striped_Dress/img_00000003.jpg",
                 "Odd_Sash/img_00000004.jpg"):  # fmt: skip
        (images / "img" / name).parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (300, 300), (200, 30, 30)).save(images / "img" / name)
    T.main(["prepare", "--source", "deepfashion", "--data", os.path.join(FIXTURES, "deepfashion", "Anno"),
            "--images", str(images), "--task", "garment", "--out", str(tmp_path / "df.npz")])  # fmt: skip
    labels = np.load(tmp_path / "df.npz")["label"]
    assert sorted(D.GARMENT_LABELS[i] for i in labels) == ["blouses", "dresses", "jeans"]  # the sash maps to none
    # DeepFashion2: per-image annotation files -> detector targets.
    df2_images = tmp_path / "df2"
    (df2_images / "image").mkdir(parents=True)
    for name in ("000001", "000002"):
        Image.new("RGB", (400, 600), (20, 20, 120)).save(df2_images / "image" / f"{name}.jpg")
    T.main(["prepare", "--source", "deepfashion2", "--data", os.path.join(FIXTURES, "deepfashion2", "annos"),
            "--images", str(df2_images), "--task", "detector", "--out", str(tmp_path / "df2.npz")])  # fmt: skip
    heat = np.load(tmp_path / "df2.npz")["heat"]
    assert heat.shape[1:] == (32, 24, 5) and (heat == 1.0).sum() >= 2
    # COCO keypoints: person keypoints -> pose examples.
    with open(os.path.join(FIXTURES, "coco", "person_keypoints_tiny.json")) as f:
        coco = json.load(f)
    coco_images = tmp_path / "coco"
    coco_images.mkdir()
    for image in coco["images"]:
        Image.new("RGB", (image["width"], image["height"])).save(coco_images / image["file_name"])
    T.main(["prepare", "--source", "coco", "--data", os.path.join(FIXTURES, "coco", "person_keypoints_tiny.json"),
            "--images", str(coco_images), "--task", "pose", "--out", str(tmp_path / "coco.npz")])  # fmt: skip
    vis = np.load(tmp_path / "coco.npz")["vis"]
    assert vis.shape[1] == 17 and vis.max() == 2


def test_bad_labels_are_named(tmp_path):
    (tmp_path / "labels.jsonl").write_text('{"file": "a.jpg", "people": []}\nnot json\n')
    with pytest.raises(D.DatasetFormatError, match=r"labels.jsonl:2: not JSON"):
        D.read_labels(str(tmp_path))
    with pytest.raises(D.DatasetFormatError, match="neither labels.jsonl"):
        D.read_labels(str(tmp_path / "missing"))
    shutil.rmtree(tmp_path)


def test_crop_inputs_and_item_attributes(tmp_path):
    from scenegen.colours import COLOUR_NAMES
    from scenegen.garments import PATTERNS

    assert D.COLOUR_NAMES == COLOUR_NAMES and D.PATTERN_NAMES == PATTERNS  # the generator's names, same order
    crop = np.zeros((200, 100, 3), np.uint8)
    crop[:, :50] = (200, 30, 30)
    os.makedirs(tmp_path / "crops" / "a")
    Image.fromarray(crop).save(tmp_path / "crops" / "a" / "d1.png")
    entry = {"file": "crops/a/d1.png", "item_id": "a", "root": str(tmp_path)}
    assert np.array_equal(D.crop_input(entry), D.crop_array_input(D.load_crop(entry)))
    plain = D.crop_array_input(crop)
    assert plain.shape == (96, 96, 3) and plain[:, :24].max() == 0 and plain[48, 30].tolist() == [200, 30, 30]
    jittered = D.crop_array_input(crop, np.random.default_rng(3))
    assert jittered.shape == (96, 96, 3) and not np.array_equal(jittered, plain)
    assert D.item_attributes(str(tmp_path)) == {}  # no closet.json: no attributes, not an error
    items = [{"item_id": "a", "colour": "red", "pattern": "dots", "base_srgb": [255, 0, 51], "secondary_srgb": [0, 0, 0]},
             {"item_id": "b", "colour": "mauve", "pattern": "solid", "base_srgb": [1, 2, 3], "secondary_srgb": [1, 2, 3]}]  # fmt: skip
    (tmp_path / "closet.json").write_text(json.dumps({"items": items}))
    found = D.item_attributes(str(tmp_path))
    assert list(found) == ["a"]  # an unknown colour name is left out
    assert found["a"]["colour"] == D.COLOUR_NAMES.index("red") and found["a"]["pattern"] == D.PATTERN_NAMES.index("dots")
    assert np.allclose(found["a"]["base"], [1.0, 0.0, 0.2])
    assert found["a"]["cut"] is None  # a closet without cut numbers: no cut target
    (tmp_path / "closet.json").write_text("{not json")
    with pytest.raises(D.DatasetFormatError, match="closet.json"):
        D.item_attributes(str(tmp_path))


def test_an_items_cut_is_measured_in_look_alike_limits():
    from scenegen.garments import random_item

    rng = np.random.default_rng(4)
    top = random_item("t", "blouses", rng).to_json()
    cut = D.item_cut(top)
    assert cut.tolist() == pytest.approx([top["fit"] / 0.15, top["length"] / 0.15, top["sleeve"] / 0.3, 1.0])  # V neck
    # Two blouses one look-alike limit apart in sleeve length differ by 1 in that number.
    assert D.item_cut(dict(top, sleeve=top["sleeve"] + 0.3))[2] - cut[2] == pytest.approx(1.0)
    assert D.item_cut(random_item("s", "shoes", rng).to_json()) is None  # drawn alike whatever their numbers
    assert D.item_cut(dict(top, fit="wide")) is None and D.item_cut({"category": "tops"}) is None


def test_a_crops_item_mask_is_cut_and_fitted_with_it(tmp_path):
    # A tall crop: the item is a red block in its lower left; the rest is another garment.
    crop = np.full((240, 120, 3), (20, 90, 20), np.uint8)
    crop[120:, :60] = (200, 30, 30)
    mask = np.zeros((240, 120), bool)
    mask[120:, :60] = True
    os.makedirs(tmp_path / "crops" / "a")
    Image.fromarray(crop).save(tmp_path / "crops" / "a" / "d1.png")
    Image.fromarray(mask.astype(np.uint8) * 255).save(tmp_path / "crops" / "a" / "d1.mask.png")
    entry = {"file": "crops/a/d1.png", "mask": "crops/a/d1.mask.png", "item_id": "a", "root": str(tmp_path)}
    assert np.array_equal(D.load_crop_mask(entry), mask)
    assert D.load_crop_mask({**entry, "mask": None}) is None  # a folder rendered before masks: no target
    for rng in (None, np.random.default_rng(5)):
        image, share = D.crop_pair_input(D.load_crop(entry), mask, rng)
        assert share.shape == (12, 12) and image.shape == (96, 96, 3)
        # Each 8 x 8 cell's share of item pixels, read from the fitted image itself, is the target.
        red = (image[..., 0] > 120) & (image[..., 1] < 80)
        from_image = red.reshape(12, 8, 12, 8).mean(axis=(1, 3))
        assert np.abs(share - from_image).max() <= 0.2  # bilinear edges only
        assert share[:, :3].max() == 0.0  # the letterbox is nobody's
        if rng is None:
            assert np.array_equal(image, D.crop_array_input(crop))
            assert share[9, 4] == 1.0 and share[3, 4] == 0.0 and share[9, 7] == 0.0
    # At another input side the cells stay 8 px: 16 x 16 of them at 128.
    image, share = D.crop_pair_input(D.load_crop(entry), mask, None, size=128)
    assert image.shape == (128, 128, 3) and share.shape == (16, 16)
    assert np.array_equal(image, D.crop_array_input(crop, None, 128))
    assert share[12, 6] == 1.0 and share[4, 6] == 0.0 and share[:, :4].max() == 0.0


def test_crops_kept_encoded_and_masks_kept_packed_give_back_what_loading_gives(tmp_path):
    rng = np.random.default_rng(11)
    os.makedirs(tmp_path / "crops" / "a")
    entries = []
    for k, (h, w) in enumerate(((37, 53), (64, 21), (9, 7))):  # masks of an odd pixel count end inside a byte
        Image.fromarray(rng.integers(0, 256, (h, w, 3), np.uint8)).save(tmp_path / "crops" / "a" / f"d{k}.jpg", quality=80)
        Image.fromarray((rng.uniform(size=(h, w)) < 0.4).astype(np.uint8) * 255).save(tmp_path / "crops" / "a" / f"d{k}.mask.png")
        entries.append({"file": f"crops/a/d{k}.jpg", "mask": f"crops/a/d{k}.mask.png", "root": str(tmp_path)})
    entries.append({**entries[0], "mask": None})  # a folder rendered before masks
    crops, masks = D.EncodedCrops(entries), D.PackedMasks(entries)
    assert len(crops) == len(masks) == 4
    for j, entry in enumerate(entries):
        assert np.array_equal(crops[j], D.load_crop(entry))  # the JPEG's own decoded pixels, not a re-encoding
        expected = D.load_crop_mask(entry)
        assert masks[j] is None if expected is None else np.array_equal(masks[j], expected)
    assert [c.shape for c in crops[1:3]] == [(64, 21, 3), (9, 7, 3)]


def test_reid_sets_number_items_per_folder(tmp_path):
    for folder in ("one", "two"):
        os.makedirs(tmp_path / folder)
        lines = [{"file": f"crops/item-001/{d}.jpg", "item_id": "item-001", "category": "shoes", "date": d} for d in ("d1", "d2")]
        (tmp_path / folder / "crops.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    (tmp_path / "two" / "closet.json").write_text(json.dumps({"items": [
        {"item_id": "item-001", "colour": "black", "pattern": "solid", "base_srgb": [0, 0, 0], "secondary_srgb": [9, 9, 9]}]}))  # fmt: skip
    entries, items, attributes = T._reid_sets([str(tmp_path / "one"), str(tmp_path / "two")])
    assert len(entries) == 4 and items.tolist() == [0, 0, 1, 1]  # the same id in two folders is two items
    assert attributes[0] is None and attributes[1]["colour"] == D.COLOUR_NAMES.index("black")
    colour, pattern, base, secondary, cut, cut_known, weave, weave_known = T._attribute_arrays(attributes)
    assert colour.tolist() == [-1, D.COLOUR_NAMES.index("black")] and pattern.tolist() == [-1, 0]
    assert np.allclose(secondary[1], 9 / 255)
    assert cut.shape == (2, 4) and cut_known.tolist() == [0.0, 0.0]  # shoes, and a closet without cuts
    assert weave.shape == (2, 3) and not weave_known.any()  # a solid item has no weave


def test_an_items_weave_tells_look_alike_periods_and_drawn_angles_apart():
    def weave(pattern, period=0.04, angle=0.0):
        item = {"pattern": pattern, "pattern_period_m": period, "pattern_angle_deg": angle}
        return D.item_weave(item)

    assert weave("solid") is None and D.item_weave({"pattern": "stripes"}) is None
    assert weave("stripes", float("nan")) is None and weave("stripes", 0.0) is None
    # The period in units of the generator's look-alike ratio: a ratio of 1.3 is one unit.
    (a, known), (b, _) = weave("stripes", 0.04), weave("stripes", 0.052)
    assert known.tolist() == [1.0, 1.0, 1.0] and b[0] - a[0] == pytest.approx(1.0, abs=1e-5)
    # Stripes repeat every 180 degrees, checks every 90: what the generator draws alike, the target holds alike.
    assert np.allclose(weave("stripes", angle=0.0)[0], weave("stripes", angle=180.0)[0], atol=1e-5)
    assert np.linalg.norm(weave("stripes", angle=0.0)[0] - weave("stripes", angle=90.0)[0]) == pytest.approx(4.0, abs=1e-5)
    assert np.allclose(weave("checks", angle=0.0)[0], weave("checks", angle=90.0)[0], atol=1e-5)
    assert np.linalg.norm(weave("checks", angle=0.0)[0] - weave("checks", angle=45.0)[0]) == pytest.approx(4.0, abs=1e-5)
    # A print is not turned by the generator: only its period is a target.
    target, known = weave("print", 0.1, 90.0)
    assert known.tolist() == [1.0, 0.0, 0.0] and target[0] == pytest.approx(np.log(0.1) / np.log(1.3), abs=1e-5)

def test_ltrb_giou_matches_box_iou_and_penalises_distance():
    rng = np.random.default_rng(7)
    pred = rng.uniform(0.0, 0.3, (200, 4))
    target = rng.uniform(-0.02, 0.3, (200, 4))
    target[:, :2] = np.maximum(target[:, :2], -target[:, 2:] + 0.01)  # a real box: width and height > 0
    giou = D.ltrb_giou(pred, target)
    for p, t, g in zip(pred, target, giou):
        a, b = (-p[0], -p[1], p[2], p[3]), (-t[0], -t[1], t[2], t[3])
        enclosing = (max(a[2], b[2]) - min(a[0], b[0])) * (max(a[3], b[3]) - min(a[1], b[1]))
        inter = max(0, min(a[2], b[2]) - max(a[0], b[0])) * max(0, min(a[3], b[3]) - max(a[1], b[1]))
        union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
        assert g == pytest.approx(E.box_iou(a, b) - (enclosing - union) / enclosing, abs=1e-5)
    assert D.ltrb_giou(pred, pred) == pytest.approx(np.ones(200), abs=1e-4)
    # A box beside the point (left of it) against one on the point's right: no overlap, GIoU below 0.
    assert D.ltrb_giou(np.array([0.0, 0.1, 0.1, 0.1]), np.array([0.3, 0.1, -0.2, 0.1])) < 0


def test_detector_decoding_gives_one_peak_per_plateau():
    scores = np.zeros((D.GRID_ROWS, D.GRID_COLS, len(D.DETECTOR_CLASSES)), np.float32)
    scores[10, 5:7, 1] = 0.5  # two equal neighbours (an int8 tie): the first in scan order is the peak
    scores[20, 12, 1] = 0.6
    scores[20, 14, 1] = 0.6  # not neighbours: two peaks
    boxes = np.full((D.GRID_ROWS * D.GRID_COLS, 4 * len(D.DETECTOR_CLASSES)), 0.01, np.float32)
    found = E.decode_detections(scores.reshape(-1, len(D.DETECTOR_CLASSES)), boxes, 0.3)
    centres = sorted(((b[0] + b[2]) / 2, (b[1] + b[3]) / 2) for _, _, b in found)
    assert [c for c, _, _ in found] == [1, 1, 1]
    assert centres == [(44.0, 84.0), (100.0, 164.0), (116.0, 164.0)]


def test_photometric_jitter_changes_light_not_shape_and_keeps_black():
    rng = np.random.default_rng(7)
    images = rng.integers(1, 256, (6, 12, 10, 3), dtype=np.uint8)
    images[:, 0, 0] = 0
    out = D.photometric_jitter(images, np.random.default_rng(1), share=1.0)
    assert out.shape == images.shape and out.dtype == np.uint8
    assert (out[:, 0, 0] == 0).all()
    changed = [not np.array_equal(a, b) for a, b in zip(out, images)]
    assert all(changed)
    # One table per image and channel: equal input levels stay equal, and order is kept within a channel.
    for a, b in zip(images, out):
        for c in range(3):
            order = np.argsort(a[..., c].ravel(), kind="stable")
            assert (np.diff(b[..., c].ravel()[order].astype(int)) >= 0).all()
    assert np.array_equal(D.photometric_jitter(images, np.random.default_rng(1), share=0.0), images)
    assert np.array_equal(D.photometric_jitter(images, np.random.default_rng(1), share=1.0), out)


def test_several_garment_caches_are_trained_on_together(tmp_path):
    first, second, other = (str(tmp_path / n) for n in ("a.npz", "b.npz", "c.npz"))
    np.savez(first, x=np.zeros((3, 96, 96, 3), np.uint8), label=np.array([0, 1, 2]))
    np.savez(second, x=np.ones((2, 96, 96, 3), np.uint8), label=np.array([5, 6]))
    np.savez(other, x=np.ones((2, 128, 128, 3), np.uint8), label=np.array([5, 6]))
    x, labels = T.garment_caches([first, second])
    assert x.shape == (5, 96, 96, 3) and labels.tolist() == [0, 1, 2, 5, 6] and x[3:].min() == 1 and x[:3].max() == 0
    with pytest.raises(SystemExit, match="differ in shape"):
        T.garment_caches([first, other])
    with pytest.raises(SystemExit, match="one --train cache"):
        T._one_cache(type("A", (), {"train": [first, second], "task": "pose"})())


def test_a_conditioned_models_outputs_are_read_by_the_crops_coarse_class():
    # Labels tops (coarse 0), jeans (1), coats (3), shoes (4); each row of a [4, 5, 13] output is its condition's.
    labels = [D.GARMENT_LABELS.index(name) for name in ("tops", "jeans", "coats", "shoes")]
    assert D.coarse_classes(labels).tolist() == [0, 1, 3, 4]
    assert D.crops_coarse_classes([{"category": "jeans"}, {"category": "dresses"}]).tolist() == [1, 2]
    rows = np.arange(4 * 5 * 13, dtype=np.float64).reshape(4, 5, 13)
    picked = E.by_condition(rows, D.coarse_classes(labels))
    assert picked.shape == (4, 13)
    assert [int(p[0]) for p in picked] == [k * 65 + c * 13 for k, c in enumerate([0, 1, 3, 4])]
    plain = rows[:, 0]
    assert E.by_condition(plain, [0, 1, 3, 4]) is not None and (E.by_condition(plain, [0, 1, 3, 4]) == plain).all()
    # Without a detector, the row that gives its own class the most probability: row 3 (outerwear) is sure of a
    # coat, the other rows spread theirs.
    logits = np.zeros((1, 5, 13))
    logits[0, 3, D.GARMENT_LABELS.index("coats")] = 6.0
    logits[0, 0, D.GARMENT_LABELS.index("coats")] = 9.0  # row 0 is surer still, but of another class than its own
    assert (E.own_condition(logits) == logits[:, 3]).all()


def test_closets_pool_their_queries_not_their_figures():
    pooled = E.pooled_closets([("reid-heldout", 253, 281), ("reid-9102", 243, 280), ("small", 1, 2)])
    assert pooled["reid_top1_per_closet"] == {"reid-heldout": 0.9004, "reid-9102": 0.8679, "small": 0.5}
    # 497 of 563 queries, not the mean of the three closets' figures (0.756).
    assert pooled["reid_top1_all_closets"] == 0.8828 and pooled["reid_queries_all_closets"] == 563
    assert E.pooled_closets([("empty", 0, 0)])["reid_top1_all_closets"] == 0.0
