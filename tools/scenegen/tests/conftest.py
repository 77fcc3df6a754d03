"""Shared, small renders for the ground-truth tests (kept small: the machine is shared)."""

from __future__ import annotations

import os
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from scenegen.body import Camera, random_person, random_pose  # noqa: E402
from scenegen.garments import random_closet  # noqa: E402
from scenegen.room import render_room  # noqa: E402
from scenegen.scenario import Wardrobe, _passerby, _passerby_pose  # noqa: E402
from scenegen.scene import Figure, random_conditions, render_frame  # noqa: E402


def varied_frames(count: int, seed: int = 11):
    """Frames covering the hard cases: turned, close (cut off), at the edge, passer-by behind, arms raised."""
    camera = Camera()
    frames = []
    for n in range(count):
        rng = np.random.default_rng([seed, n])
        room = render_room(seed + n, camera)
        person = random_person(rng)
        closet = random_closet(13, rng)
        pose = random_pose(rng, turned=n % 3 == 1, distance=(1.0, 3.0))
        if n % 4 == 2:
            pose.lateral_m = float(rng.choice([-1, 1]) * 0.8)  # partly out of the frame
        if n % 5 == 3:
            pose.distance_m = 1.0  # feet and shins below the frame
        figures = []
        if n % 3 == 0:
            p, clothes, prng = _passerby(seed, (n,))
            figures.append(Figure(p, _passerby_pose(prng, 0.6, 1.0), clothes, "passerby"))
        figures.append(Figure(person, pose, Wardrobe(closet).outfit(rng, outer_probability=0.5), "owner"))
        frames.append(render_frame(camera, room, figures, random_conditions(rng), rng))
    return camera, frames


@pytest.fixture(scope="session")
def rendered():
    return varied_frames(10)
