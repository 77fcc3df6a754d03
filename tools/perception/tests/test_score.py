"""The scorer on fabricated scenarios and closetd outputs (no models needed)."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))

from perception.score import frame_seconds, jpeg_size, labels_text, pairs_in_view, score  # noqa: E402


def frame(ts, garments, head=(100, 50, 140, 100)):
    return {"timestamp": ts, "width": 480, "height": 640,
            "people": [{"role": "owner", "head_box": list(head),
                        "garments": [{"item_id": i, "category": c, "box": list(b)} for i, c, b in garments]}]}


TRUTH = [
    frame("2026-03-02T07:00:00.500", [("item-1", "shirts", (80, 120, 200, 300)), ("item-2", "jeans", (90, 300, 190, 560))]),
    frame("2026-03-03T07:00:00.000", [("item-3", "t-shirts", (80, 120, 200, 300)), ("item-2", "jeans", (90, 300, 190, 560))]),
]
TRUE_WEARS = [{"item_id": "item-1", "date": "2026-03-02"}, {"item_id": "item-2", "date": "2026-03-02"},
              {"item_id": "item-3", "date": "2026-03-03"}, {"item_id": "item-2", "date": "2026-03-03"}]
T0 = frame_seconds("2026-03-02T07:00:00.500")
T1 = frame_seconds("2026-03-03T07:00:00.000")


def test_perfect_inventory_scores_one():
    items = [{"id": "i-0001", "category": "shirts"}, {"id": "i-0002", "category": "jeans"},
             {"id": "i-0003", "category": "t-shirts"}]
    wears = [{"date": "2026-03-02", "items": ["i-0001", "i-0002"]}, {"date": "2026-03-03", "items": ["i-0003", "i-0002"]}]
    provenance = [{"item": "i-0001", "frame_time": T0, "box": [85, 125, 195, 290]},
                  {"item": "i-0002", "frame_time": T0, "box": [95, 310, 185, 550]},
                  {"item": "i-0003", "frame_time": T1, "box": [85, 125, 195, 290]}]
    s = score(TRUTH, TRUE_WEARS, items, wears, provenance)
    assert (s.recall, s.duplicates_per_item, s.wear_accuracy) == (1.0, 0.0, 1.0)
    assert s.head_overlaps == 0 and s.unassociated_items == 0


def test_duplicates_misses_and_head_overlaps_are_counted():
    # The jeans were split into two items; the t-shirt was never found; one crop reaches into the head.
    items = [{"id": "i-0001", "category": "shirts"}, {"id": "i-0002", "category": "jeans"},
             {"id": "i-0003", "category": "jeans"}]
    wears = [{"date": "2026-03-02", "items": ["i-0001", "i-0002"]}, {"date": "2026-03-03", "items": ["i-0003"]}]
    provenance = [{"item": "i-0001", "frame_time": T0, "box": [85, 90, 195, 290]},
                  {"item": "i-0002", "frame_time": T0, "box": [95, 310, 185, 550]},
                  {"item": "i-0003", "frame_time": T1, "box": [95, 310, 185, 550]}]
    s = score(TRUTH, TRUE_WEARS, items, wears, provenance)
    assert abs(s.recall - 2 / 3) < 1e-9
    assert abs(s.duplicates_per_item - 1 / 3) < 1e-9
    assert s.wear_pairs_correct == 3 and abs(s.wear_accuracy - 3 / 4) < 1e-9
    assert s.head_overlaps == 1
    assert s.errors_by_category == {"t-shirts": [0, 1, 0], "jeans": [0, 0, 1]}
    assert s.losses == ["missed: item-3 (t-shirts; built as nothing) on 2026-03-03",
                        "split: item-2 (jeans; built as i-0002 (jeans), i-0003 (jeans))"]


def test_wrong_pairs_count_under_the_category_of_the_item_they_name():
    # The shirt is logged on the second day too, when the t-shirt was worn; a coat that is nothing true (its crop's
    # frame is not in the truth, and nobody wore outerwear) is logged on the first.
    items = [{"id": "i-0001", "category": "shirts"}, {"id": "i-0002", "category": "jeans"},
             {"id": "i-0009", "category": "coats"}]
    wears = [{"date": "2026-03-02", "items": ["i-0001", "i-0002", "i-0009"]},
             {"date": "2026-03-03", "items": ["i-0001", "i-0002"]}]
    provenance = [{"item": "i-0001", "frame_time": T0, "box": [85, 125, 195, 290]},
                  {"item": "i-0002", "frame_time": T0, "box": [95, 310, 185, 550]},
                  {"item": "i-0009", "frame_time": T0 + 7, "box": [85, 125, 195, 290]}]
    s = score(TRUTH, TRUE_WEARS, items, wears, provenance)
    assert s.wear_pairs_correct == 3 and s.unassociated_items == 1
    assert s.errors_by_category == {"shirts": [1, 0, 0], "t-shirts": [0, 1, 0], "coats": [1, 0, 0]}
    assert s.losses == ["wrong: i-0009 (coats, nothing true) logged on 2026-03-02",
                        "wrong: item-1 (shirts; built as i-0001 (shirts)) logged on 2026-03-03",
                        "missed: item-3 (t-shirts; built as nothing) on 2026-03-03"]


def test_a_passer_bys_head_counts_as_much_as_the_owners():
    # The owner's head is clear of the crop; a passer-by's, beside them, is not.
    crowded = frame("2026-03-02T07:00:00.500", [("item-1", "shirts", (80, 120, 200, 300))])
    crowded["people"].append({"role": "passerby", "head_box": [190, 100, 230, 140], "garments": []})
    items = [{"id": "i-0001", "category": "shirts"}]
    wears = [{"date": "2026-03-02", "items": ["i-0001"]}]
    provenance = [{"item": "i-0001", "frame_time": T0, "box": [85, 125, 195, 290]}]
    s = score([crowded], [{"item_id": "item-1", "date": "2026-03-02"}], items, wears, provenance)
    assert s.head_overlaps == 1 and "passerby's head box" in s.notes[0]
    assert s.items_found == 1  # still associated with the owner's shirt


def test_without_provenance_items_are_associated_by_wear_dates_and_class():
    items = [{"id": "i-0007", "category": "pants"}]
    wears = [{"date": "2026-03-02", "items": ["i-0007"]}, {"date": "2026-03-03", "items": ["i-0007"]}]
    s = score(TRUTH, TRUE_WEARS, items, wears, [])
    assert s.items_found == 1 and s.wear_pairs_correct == 2


def test_frame_sized_images_in_the_state_folder_are_flagged(tmp_path):
    from PIL import Image

    big = tmp_path / "frame.jpg"
    Image.new("RGB", (480, 640)).save(big)
    small = tmp_path / "thumb.jpg"
    Image.new("RGB", (90, 160)).save(small)
    assert jpeg_size(str(big)) == (480, 640)
    s = score(TRUTH, TRUE_WEARS, [], [], [], [str(big), str(small)])
    assert s.frame_sized_files == 1


def test_mask_pixels_in_a_box_match_a_direct_count():
    import numpy as np
    from scenegen.rle import encode
    from perception.score import mask_pixels_in_box

    rng = np.random.default_rng(7)
    mask = rng.random((40, 30)) < 0.3
    mask[:, 12:18] = True  # runs that span columns
    for box in [(0, 0, 30, 40), (3, 5, 17, 33), (12.4, 0.6, 18.2, 9.5), (29, 39, 30, 40), (10, 10, 10, 20)]:
        x0, y0, x1, y1 = (round(v) for v in box)
        assert mask_pixels_in_box(encode(mask), box) == int(mask[y0:y1, x0:x1].sum()), box


def test_a_top_between_jacket_flaps_and_shoes_under_hems_are_found_by_their_masks():
    import numpy as np
    from scenegen.rle import encode

    def garment(item, category, box, visible, hole=None):
        m = np.zeros((640, 480), bool)
        x0, y0, x1, y1 = visible
        m[y0:y1, x0:x1] = True
        if hole is not None:
            x0, y0, x1, y1 = hole
            m[y0:y1, x0:x1] = False
        return {"item_id": item, "category": category, "box": list(box), "mask": encode(m)}

    # The jacket covers the T-shirt but a strip down the middle; the trousers cover the shoes but their toes.
    jacket = garment("item-j", "jackets", (100, 120, 220, 300), (100, 120, 220, 300), hole=(145, 120, 175, 300))
    tshirt = garment("item-t", "t-shirts", (110, 120, 210, 290), (145, 120, 175, 300))
    trousers = garment("item-p", "pants", (110, 300, 210, 560), (110, 300, 210, 560))
    shoes = garment("item-s", "shoes", (110, 550, 210, 580), (120, 570, 200, 575))
    truth = [{"timestamp": "2026-03-02T07:00:00.500", "width": 480, "height": 640,
              "people": [{"role": "owner", "head_box": [130, 40, 190, 110], "garments": [jacket, tshirt, trousers, shoes]}]}]
    true_wears = [{"item_id": i, "date": "2026-03-02"} for i in ("item-j", "item-t", "item-p", "item-s")]
    items = [{"id": "i-1", "category": "jackets"}, {"id": "i-2", "category": "t-shirts"},
             {"id": "i-3", "category": "pants"}, {"id": "i-4", "category": "shoes"}]
    wears = [{"date": "2026-03-02", "items": ["i-1", "i-2", "i-3", "i-4"]}]
    provenance = [{"item": "i-1", "frame_time": T0, "box": [100, 125, 220, 300]},
                  {"item": "i-2", "frame_time": T0, "box": [105, 125, 215, 295]},  # mostly jacket pixels
                  {"item": "i-3", "frame_time": T0, "box": [110, 300, 210, 560]},
                  {"item": "i-4", "frame_time": T0, "box": [105, 500, 215, 580]}]  # mostly trouser pixels
    s = score(truth, true_wears, items, wears, provenance)
    assert (s.recall, s.duplicates_per_item, s.wear_accuracy) == (1.0, 0.0, 1.0)
    # Told it is outerwear, the same T-shirt crop is the jacket again: a duplicate.
    items[1]["category"] = "coats"
    s = score(truth, true_wears, items, wears, provenance)
    assert s.items_found == 3 and abs(s.duplicates_per_item - 1 / 4) < 1e-9


def posed(ts, session, garments, ankle_y=600.0):
    """A frame of the owner standing with ankles at `ankle_y` (out of the frame below 639), wearing `garments`."""
    keypoints = [[240.0, 80.0, 2]] + [[240.0, 100.0, 2]] * 4 + [[200.0, 150.0, 2], [280.0, 150.0, 2]]
    keypoints += [[240.0, 300.0, 2]] * 8 + [[220.0, ankle_y, 2], [260.0, ankle_y, 2]]
    record = frame(ts, [(i, c, (80, 120, 200, 300)) for i, c in garments])
    record["session"] = session
    record["people"][0]["keypoints"] = keypoints
    for g in record["people"][0]["garments"]:
        g["visible_pixels"] = 500
    return record


def test_pairs_out_of_view_are_reported_apart_from_the_bars():
    # 03-02: the shirt in a session with three whole-person frames; the coat only in a session where the ankles
    # are below the frame. 03-03: the shirt in two whole-person frames only.
    truth = [posed(f"2026-03-02T07:00:0{k}.000", "2026-03-02/1", [("item-1", "shirts")]) for k in range(3)]
    truth += [posed(f"2026-03-02T07:10:0{k}.000", "2026-03-02/2", [("item-1", "shirts"), ("item-9", "coats")], 700.0)
              for k in range(5)]
    truth += [posed(f"2026-03-03T07:00:0{k}.000", "2026-03-03/1", [("item-1", "shirts")]) for k in range(2)]
    true_wears = [{"item_id": "item-1", "date": "2026-03-02"}, {"item_id": "item-9", "date": "2026-03-02"},
                  {"item_id": "item-1", "date": "2026-03-03"}]
    items = [{"id": "i-0001", "category": "shirts"}]
    wears = [{"date": "2026-03-02", "items": ["i-0001"]}]
    provenance = [{"item": "i-0001", "frame_time": frame_seconds("2026-03-02T07:00:00.000"), "box": [85, 125, 195, 290]}]
    s = score(truth, true_wears, items, wears, provenance)
    assert abs(s.recall - 1 / 2) < 1e-9 and abs(s.wear_accuracy - 1 / 3) < 1e-9
    assert (s.wear_pairs_in_view, s.items_in_view, s.items_found_in_view) == (1, 1, 1)
    assert s.recall_in_view == 1.0 and s.wear_accuracy_in_view == 1.0
    # Two whole-person frames are enough when the session needs only two.
    s = score(truth, true_wears, items, wears, provenance, min_session_frames=2)
    assert s.wear_pairs_in_view == 2 and abs(s.wear_accuracy_in_view - 1 / 2) < 1e-9
    # Ankles 2 pixels above the frame's last row pass closetd's person check (1 pixel in): in view.
    low = [posed(f"2026-03-04T07:00:0{k}.000", "2026-03-04/1", [("item-1", "shirts")], 637.0) for k in range(3)]
    assert pairs_in_view(low) == {("item-1", "2026-03-04")}


def test_built_items_labels_are_checked_against_their_true_items():
    # The truth names colours here; the shirt is built as a blouse of the right colour, the jeans right, and the
    # t-shirt as a t-shirt of the wrong colour. A built item of nothing true is left out.
    truth = [frame(t["timestamp"], []) for t in TRUTH]
    for built, original in zip(truth, TRUTH):
        built["people"][0]["garments"] = [dict(g, colour=c) for g, c in zip(
            original["people"][0]["garments"], ["white", "blue"] if original is TRUTH[0] else ["red", "blue"])]
    items = [{"id": "i-0001", "category": "blouses", "colour": "white"}, {"id": "i-0002", "category": "jeans", "colour": "blue"},
             {"id": "i-0003", "category": "t-shirts", "colour": "pink"}, {"id": "i-0004", "category": "coats", "colour": "black"}]
    wears = [{"date": "2026-03-02", "items": ["i-0001", "i-0002"]}, {"date": "2026-03-03", "items": ["i-0003", "i-0002"]}]
    provenance = [{"item": "i-0001", "frame_time": T0, "box": [85, 125, 195, 290]},
                  {"item": "i-0002", "frame_time": T0, "box": [95, 310, 185, 550]},
                  {"item": "i-0003", "frame_time": T1, "box": [85, 125, 195, 290]}]
    s = score(truth, TRUE_WEARS, items, wears, provenance)
    assert (s.labelled_items, s.category_right, s.coloured_items, s.colour_right) == (3, 2, 3, 2)
    assert labels_text([s]) == ("labels (not a bar): category 0.667 (2/3), colour name 0.667 (2/3) of the built items "
                              "found to be a true item")
