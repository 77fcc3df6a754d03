#!/usr/bin/env python3
"""closetd's synthetic mirror-scene generator. See tools/scenegen/README.md.

  render.py scenario --seed S --closet-items 40 --mornings 14 --out DIR
  render.py dataset  --seed S --count N --out DIR [--png] [--jobs J]
  render.py crops    --seed S --items 40 --days 14 --per-day 4 --out DIR
"""

from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from scenegen.body import Camera  # noqa: E402
from scenegen.scenario import ScenarioSpec, write_crops, write_dataset, write_scenario  # noqa: E402


def _range(text: str) -> tuple[int, int]:
    try:
        low, _, high = text.partition("-")
        a, b = int(low), int(high or low)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected N or N-M, got {text!r}") from None
    if a < 0 or b < a:
        raise argparse.ArgumentTypeError(f"range {text!r} must satisfy 0 <= N <= M")
    return a, b


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="render.py", description="Synthetic mirror scenes with ground truth.")
    parser.add_argument("--landscape", action="store_true", help="640x480 instead of the default portrait 480x640")
    sub = parser.add_subparsers(dest="mode", required=True)
    s = sub.add_parser("scenario", help="one person's mornings: frames/, truth.jsonl, closet.json, wears.json")
    s.add_argument("--seed", type=int, required=True)
    s.add_argument("--closet-items", type=int, default=40)
    s.add_argument("--mornings", type=int, default=14)
    s.add_argument("--sessions", type=_range, default=(2, 4), help="sessions per morning, N or N-M (default 2-4)")
    s.add_argument("--frames", type=_range, default=(10, 30), help="frames per session, N or N-M (default 10-30)")
    s.add_argument("--start-date", default="2026-03-02")
    s.add_argument("--jpeg-quality", type=_range, default=(70, 92), help="N or N-M (default 70-92)")
    s.add_argument("--out", required=True)
    d = sub.add_parser("dataset", help="N independent training samples: images/, labels.jsonl")
    d.add_argument("--seed", type=int, required=True)
    d.add_argument("--count", type=int, required=True)
    d.add_argument("--png", action="store_true", help="lossless PNG instead of JPEG")
    d.add_argument("--jobs", type=int, default=1, help="worker processes (the output is the same for any number)")
    d.add_argument("--out", required=True)
    c = sub.add_parser("crops", help="item crops across days for classifier/embedding training")
    c.add_argument("--seed", type=int, required=True)
    c.add_argument("--items", type=int, default=40)
    c.add_argument("--days", type=int, default=14)
    c.add_argument("--per-day", type=int, default=4)
    c.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    for name in ("closet_items", "mornings", "count", "items", "days", "per_day", "jobs"):
        if getattr(args, name, 1) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    # Never mix a new render into an old one (a replayed folder would interleave two scenarios).
    folder = {"scenario": "frames", "dataset": "images", "crops": "crops"}[args.mode]
    target = os.path.join(args.out, folder)
    if os.path.isdir(target) and os.listdir(target):
        parser.error(f"{target} already holds {len(os.listdir(target))} files; remove it or choose another --out")
    camera = Camera(width=640, height=480, focal_px=470.0) if args.landscape else Camera()
    log = lambda message: print(message, file=sys.stderr)  # noqa: E731
    if args.mode == "scenario":
        spec = ScenarioSpec(args.seed, args.closet_items, args.mornings, args.sessions, args.frames, args.start_date, args.jpeg_quality)
        meta = write_scenario(spec, args.out, camera, log)
        log(f"scenegen: wrote {meta['frames']} frames to {args.out}")
    elif args.mode == "dataset":
        write_dataset(args.seed, args.count, args.out, "png" if args.png else "jpeg", camera, log, args.jobs)
    else:
        write_crops(args.seed, args.items, args.days, args.per_day, args.out, camera, log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
