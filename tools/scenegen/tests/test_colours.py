"""Colour names: the sampling ranges lie inside the named cells, and rendered items keep their colour name."""

from __future__ import annotations

import numpy as np
import pytest

from scenegen.colours import COLOUR_NAMES, COLOUR_RANGES, lab_to_srgb_unclipped, name_of_lab, name_of_srgb, sample_colour, srgb_to_lab


def test_every_name_has_a_range_and_samples_map_back_to_it():
    assert set(COLOUR_RANGES) == set(COLOUR_NAMES)
    rng = np.random.default_rng(0)
    for name in COLOUR_NAMES:
        for _ in range(200):
            rgb = sample_colour(name, rng)
            assert name_of_srgb(np.array(rgb) / 255.0) == name


def test_range_boxes_are_inside_their_cells():
    # Walk a grid over each box (in gamut or not): name_of_lab must give the box's name everywhere.
    for name, box in COLOUR_RANGES.items():
        h0, h1 = box.hue
        hues = np.linspace(h0, h1 + (360 if h1 < h0 else 0), 13) % 360
        for lightness in np.linspace(*box.lightness, 7):
            for chroma in np.linspace(*box.chroma, 7):
                for hue in hues:
                    a, b = chroma * np.cos(np.radians(hue)), chroma * np.sin(np.radians(hue))
                    assert name_of_lab(lightness, a, b) == name, (name, lightness, chroma, hue)


@pytest.mark.parametrize(
    "rgb, name",
    [((0, 0, 0), "black"), ((255, 255, 255), "white"), ((128, 128, 128), "grey"), ((200, 20, 30), "red"),
     ((20, 40, 120), "blue"), ((30, 130, 50), "green"), ((250, 220, 40), "yellow"), ((240, 140, 30), "orange"),
     ((250, 170, 200), "pink"), ((110, 40, 140), "purple"), ((110, 70, 40), "brown")],
)  # fmt: skip
def test_familiar_colours_get_their_names(rgb, name):
    assert name_of_srgb(np.array(rgb) / 255.0) == name


def test_lab_round_trip():
    rng = np.random.default_rng(1)
    rgb = rng.uniform(0, 1, (100, 3))
    assert np.allclose(lab_to_srgb_unclipped(srgb_to_lab(rgb)), rgb, atol=1e-6)


def test_rendered_solid_items_under_neutral_light_keep_their_colour_name():
    # The brightest tenth of a solid garment's pixels (least shaded) names the item's colour.
    from scenegen.body import Camera, Pose, random_person
    from scenegen.garments import random_item
    from scenegen.room import render_room
    from scenegen.scene import Conditions, Figure, render_frame

    camera = Camera()
    neutral = Conditions(1.0, (1.0, 1.0, 1.0), 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 90)
    room = render_room(2, camera)
    rng = np.random.default_rng(9)
    person = random_person(rng)
    misses = []
    for k, colour in enumerate(COLOUR_NAMES):
        item = random_item(f"t{k}", "t-shirts", rng, colour=colour)
        item = type(item)(**{**item.__dict__, "pattern": "solid"})
        frame = render_frame(camera, room, [Figure(person, Pose(distance_m=1.8), [item], "owner")], neutral, rng)
        mask = frame.labels == next(iter(frame.people[0].items))
        pixels = frame.image[mask].astype(np.float64) / 255.0
        luminance = pixels @ np.array([0.2126, 0.7152, 0.0722])
        bright = pixels[luminance >= np.quantile(luminance, 0.9)]
        if name_of_srgb(np.median(bright, axis=0)) != colour:
            misses.append((colour, item.base_srgb, np.median(bright, axis=0) * 255))
    assert not misses
