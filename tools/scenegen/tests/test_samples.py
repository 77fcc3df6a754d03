"""The committed sample (samples/): complete, consistent with its ground truth, and within its size budget."""

from __future__ import annotations

import json
import os
import re

import pytest

from scenegen import rle

SAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "samples")
pytestmark = pytest.mark.skipif(not os.path.isdir(os.path.join(SAMPLES, "frames")), reason="samples/frames is not in this checkout")


def _load():
    truth = [json.loads(line) for line in open(os.path.join(SAMPLES, "truth.jsonl"))]
    closet = json.load(open(os.path.join(SAMPLES, "closet.json")))
    wears = json.load(open(os.path.join(SAMPLES, "wears.json")))
    return truth, closet, wears


def test_every_frame_has_truth_and_a_timestamp_name():
    truth, _, _ = _load()
    frames = sorted(os.listdir(os.path.join(SAMPLES, "frames")))
    assert frames == [os.path.basename(r["file"]) for r in truth]
    assert all(re.fullmatch(r"\d{8}T\d{6}\.\d{3}\.jpg", name) for name in frames)
    assert len({r["timestamp"][:10] for r in truth}) == 3  # three mornings
    assert any(not r["people"] for r in truth) and sum(r["person_present"] for r in truth) >= 40


def test_sample_truth_is_consistent_with_closet_and_wears():
    truth, closet, wears = _load()
    items = {i["item_id"]: i for i in closet["items"]}
    seen = {}
    for record in truth:
        for person in record["people"]:
            for g in person["garments"]:
                mask = rle.decode(g["mask"])
                assert mask.sum() == g["visible_pixels"]
                if person["role"] == "owner":
                    assert g["category"] == items[g["item_id"]]["category"]
                    key = (record["timestamp"][:10], g["item_id"])
                    seen[key] = seen.get(key, 0) + 1
    assert {(w["date"], w["item_id"]): w["visible_frames"] for w in wears} == seen
    assert any(sum(1 for d, i in seen if i == item) >= 2 for item in items)  # an item worn on two mornings


def test_sample_stays_within_four_megabytes():
    total = 0
    for folder, _, files in os.walk(SAMPLES):
        total += sum(os.path.getsize(os.path.join(folder, f)) for f in files)
    assert total <= 4 * 1024 * 1024, f"samples/ holds {total} bytes"
