"""The scorer on fabricated scenarios and closetd outputs (no models needed)."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))

from perception.score import frame_seconds, jpeg_size, score  # noqa: E402


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
