#!/usr/bin/env python3
"""Writes the FittedResize test fixture: a region of a committed sample frame as raw RGB, and Pillow's fitted
(bilinear, centred on black) resize of it, made the way tools/models/data.py makes the models' training inputs.
FittedResizeTests checks closetd's resize against it. Deterministic; run from the repository root:

  .venv/bin/python tools/perception/make_resize_fixture.py Tests/PerceptionTests/Fixtures/resize
"""

import glob
import os
import sys

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models"))
import data as D  # noqa: E402

REGION = (150, 180, 150 + 150, 180 + 200)  # left, top, right, bottom: a person's torso in the first sample frame
OUTPUTS = ((48, 48), (40, 64), (200, 120))  # shrink to fit either side, and an enlargement


def main(out: str) -> None:
    os.makedirs(out, exist_ok=True)
    frame = sorted(glob.glob("samples/frames/*.jpg"))[0]
    with Image.open(frame) as image:
        region = np.asarray(image.convert("RGB").crop(REGION))
    height, width = region.shape[:2]
    region.tofile(os.path.join(out, f"source_{width}x{height}.rgb"))
    for w, h in OUTPUTS:
        D.fit_image(region, w, h).tofile(os.path.join(out, f"pillow_{w}x{h}.rgb"))


if __name__ == "__main__":
    main(sys.argv[1])
