"""An item looks like itself in another pose, at another distance and on another day."""

from __future__ import annotations

import numpy as np

from scenegen.body import Camera, Pose, random_person
from scenegen.garments import random_item
from scenegen.room import render_room
from scenegen.scene import Conditions, Figure, render_frame

NEUTRAL = Conditions(1.0, (1.0, 1.0, 1.0), 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 90)


def _look(item, pose, seed):
    camera = Camera()
    rng = np.random.default_rng(seed)
    person = random_person(np.random.default_rng(1))
    jeans = random_item("j", "jeans", np.random.default_rng(2))
    frame = render_frame(camera, render_room(3, camera), [Figure(person, pose, [item, jeans], "owner")], NEUTRAL, rng)
    label = next(k for k, v in frame.people[0].items.items() if v.item_id == item.item_id)
    pixels = frame.image[frame.labels == label].astype(np.float64)
    base = np.array(item.base_srgb, dtype=np.float64)
    second = np.array(item.secondary_srgb, dtype=np.float64)
    # Share of pixels nearer the secondary colour than the base (the pattern's coverage), and the base's median.
    near_second = np.linalg.norm(pixels - second, axis=1) < np.linalg.norm(pixels - base, axis=1)
    return near_second.mean(), np.median(pixels[~near_second], axis=0)


def test_the_same_item_keeps_its_colour_and_pattern_coverage_across_poses():
    rng = np.random.default_rng(12)
    for pattern in ("stripes", "checks", "dots", "print"):
        item = random_item("x", "t-shirts", rng, colour="blue")
        item = type(item)(**{**item.__dict__, "pattern": pattern, "secondary_srgb": (245, 245, 240)})
        share_a, colour_a = _look(item, Pose(distance_m=1.6), 1)
        share_b, colour_b = _look(item, Pose(distance_m=2.1, yaw_deg=20, arm_out_deg=(30, 8)), 2)
        assert 0.02 < share_a < 0.5, pattern
        assert abs(share_a - share_b) < 0.08, (pattern, share_a, share_b)
        assert np.all(np.abs(colour_a - colour_b) < 14), (pattern, colour_a, colour_b)


def test_two_different_items_of_one_colour_name_differ():
    rng = np.random.default_rng(13)
    a = random_item("a", "t-shirts", rng, colour="green")
    b = random_item("b", "t-shirts", rng, colour="green")
    a = type(a)(**{**a.__dict__, "pattern": "solid"})
    b = type(b)(**{**b.__dict__, "pattern": "stripes", "secondary_srgb": (245, 245, 240)})
    share_a, _ = _look(a, Pose(distance_m=1.6), 1)
    share_b, _ = _look(b, Pose(distance_m=1.6), 1)
    assert share_a < 0.02 and share_b > 0.1


def test_no_two_items_of_a_closet_look_alike():
    from dataclasses import replace

    from scenegen.garments import look_alike, random_closet

    # Seed 308's 100-item closet held eight look-alike pairs before the rule; none now, and still 100 items.
    from scenegen.scenario import rng_for

    closet = random_closet(100, rng_for(308, 2))
    assert len(closet) == 100 and len({i.item_id for i in closet}) == 100
    assert not [(a.item_id, b.item_id) for n, a in enumerate(closet) for b in closet[n + 1 :] if look_alike(a, b)]
    item = random_item("a", "pants", np.random.default_rng(4))
    shade = tuple(min(255, v + 3) for v in item.base_srgb)
    assert look_alike(item, replace(item, item_id="b", base_srgb=shade, fit=item.fit + 0.05))
    assert not look_alike(item, replace(item, item_id="b", category="jeans"))
    assert not look_alike(item, replace(item, item_id="b", fit=item.fit + 0.2))
    assert not look_alike(item, replace(item, item_id="b", base_srgb=(255 - item.base_srgb[0], *item.base_srgb[1:])))
    # Every pair of shoes is drawn alike whatever its fit, so two shoes of one colour look alike at any fit.
    shoe = random_item("s", "shoes", np.random.default_rng(4))
    shoe_shade = tuple(min(255, v + 3) for v in shoe.base_srgb)
    assert look_alike(shoe, replace(shoe, item_id="t", base_srgb=shoe_shade, fit=shoe.fit + 0.3))
