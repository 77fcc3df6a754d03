"""The ground truth of rendered frames agrees with what was painted."""

from __future__ import annotations

import numpy as np

from scenegen import rle
from scenegen.body import KP
from scenegen.figure import BLOCK, HEAD_LABELS


def test_visible_keypoints_lie_inside_the_image(rendered):
    camera, frames = rendered
    seen_visible = seen_outside = 0
    for frame in frames:
        for person in frame.truth_people:
            assert len(person["keypoints"]) == 17
            for x, y, v in person["keypoints"]:
                assert v in (0, 1, 2)
                if v > 0:
                    assert 0 <= x < camera.width and 0 <= y < camera.height
                    seen_visible += 1
                else:
                    assert not (0 <= x < camera.width and 0 <= y < camera.height)
                    seen_outside += 1
    assert seen_visible > 100 and seen_outside > 0  # the cases were exercised


def test_garment_boxes_are_the_tight_boxes_of_non_empty_masks(rendered):
    _, frames = rendered
    checked = 0
    for frame in frames:
        for person in frame.truth_people:
            for g in person["garments"]:
                mask = rle.decode(g["mask"])
                assert mask.shape == frame.labels.shape
                assert mask.sum() == g["visible_pixels"] > 0
                x0, y0, x1, y1 = g["box"]
                ys, xs = np.nonzero(mask)
                assert xs.min() == x0 and xs.max() == x1 - 1 and ys.min() == y0 and ys.max() == y1 - 1
                checked += 1
    assert checked > 20


def test_masks_are_exactly_the_visible_pixels_of_their_item(rendered):
    _, frames = rendered
    for frame in frames:
        for painted, person in zip(frame.people, frame.truth_people):
            ids = {g["item_id"]: g for g in person["garments"]}
            for label, item in painted.items.items():
                visible = frame.labels == label
                if item.item_id in ids:
                    assert np.array_equal(rle.decode(ids[item.item_id]["mask"]), visible)
                else:
                    assert item.item_id in person["hidden_items"]
                    assert visible.sum() < 30


def test_head_box_covers_the_head_and_face_keypoints(rendered):
    _, frames = rendered
    heads = 0
    for frame in frames:
        for painted, person in zip(frame.people, frame.truth_people):
            head = np.isin(frame.labels, [painted.base_label + o for o in HEAD_LABELS])
            if not head.any():
                continue
            assert person["head_box"] is not None
            x0, y0, x1, y1 = person["head_box"]
            ys, xs = np.nonzero(head)
            assert xs.min() >= x0 and xs.max() < x1 and ys.min() >= y0 and ys.max() < y1
            for name in ("nose", "left_eye", "right_eye", "left_ear", "right_ear"):
                x, y, v = person["keypoints"][KP[name]]
                if v > 0:
                    assert x0 <= x < x1 and y0 <= y < y1, name
            # Not the whole person: a head box is a small part of the frame.
            assert (x1 - x0) * (y1 - y0) < 0.15 * frame.labels.size
            heads += 1
    assert heads >= 8


def test_person_box_and_presence_follow_the_label_map(rendered):
    _, frames = rendered
    for frame in frames:
        for k, person in enumerate(frame.truth_people):
            mine = (frame.labels >= (k + 1) * BLOCK) & (frame.labels < (k + 2) * BLOCK)
            assert person["visible"] == bool(mine.any())
            if person["visible"]:
                ys, xs = np.nonzero(mine)
                assert person["box"] == [xs.min(), ys.min(), xs.max() + 1, ys.max() + 1]


def test_a_person_in_front_hides_the_passerby_keypoints_behind():
    # Owner straight in front of a passer-by at the same lateral position: the passer-by's hips are hidden.
    from scenegen.body import Camera, Pose, random_person
    from scenegen.garments import random_closet
    from scenegen.room import render_room
    from scenegen.scene import Conditions, Figure, render_frame

    camera = Camera()
    rng = np.random.default_rng(5)
    closet = random_closet(13, rng)
    outfit = [i for i in closet if i.category in ("t-shirts", "jeans")]
    back = Figure(random_person(rng), Pose(distance_m=3.2), outfit, "passerby")
    front = Figure(random_person(rng), Pose(distance_m=1.6), outfit, "owner")
    neutral = Conditions(1.0, (1.0, 1.0, 1.0), 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 90)
    frame = render_frame(camera, render_room(1, camera), [back, front], neutral, rng)
    passerby = frame.truth_people[0]
    assert passerby["keypoints"][KP["left_hip"]][2] == 1
    assert passerby["keypoints"][KP["right_hip"]][2] == 1


def test_rle_round_trip_and_bad_counts():
    rng = np.random.default_rng(3)
    for shape in ((1, 1), (7, 5), (40, 31)):
        for density in (0.0, 0.3, 1.0):
            mask = rng.uniform(size=shape) < density
            assert np.array_equal(rle.decode(rle.encode(mask)), mask)
    try:
        rle.decode({"size": [2, 2], "counts": [1, 2]})
    except ValueError as error:
        assert "expected 2x2" in str(error)
    else:
        raise AssertionError("decode accepted counts that do not cover the mask")
