"""Whole scenarios (one person's mornings in front of the mirror), training datasets and item crops.

Every random choice draws from a generator seeded by (seed, purpose, index...), so a scenario is a pure function
of its arguments: the same seed gives the same closet, days, frames and bytes (on the same numpy/Pillow versions).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import asdict, dataclass

import numpy as np

from .body import Camera, Pose, random_person, random_pose
from .garments import LOWER, ONE_PIECE, OUTER, UPPER, Item, random_closet, random_item, CATEGORIES
from . import rle
from .room import render_room
from .scene import Conditions, Figure, RenderedFrame, jitter_conditions, random_conditions, render_frame

GENERATOR_VERSION = 1


def rng_for(seed: int, *path: int) -> np.random.Generator:
    """An independent random stream for one purpose of one seed."""
    return np.random.default_rng([seed, *path])


def frame_name(moment: dt.datetime) -> str:
    """The frame's file name: ISO-8601 basic local time with milliseconds, e.g. 20260302T071503.250.jpg."""
    return moment.strftime("%Y%m%dT%H%M%S") + f".{moment.microsecond // 1000:03d}.jpg"


def iso_timestamp(moment: dt.datetime) -> str:
    """ISO-8601 extended local time with milliseconds, as written in truth.jsonl."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + f".{moment.microsecond // 1000:03d}"


class Wardrobe:
    """Chooses daily outfits from a closet, preferring what was worn least (so every item turns up)."""

    def __init__(self, closet: list[Item]):
        self.closet = closet
        self.worn = {item.item_id: 0 for item in closet}

    def _pick(self, items: list[Item], rng: np.random.Generator) -> Item:
        if rng.uniform() < 0.25:
            choice = items[int(rng.integers(len(items)))]
        else:
            least = min(self.worn[i.item_id] for i in items)
            pool = [i for i in items if self.worn[i.item_id] == least]
            choice = pool[int(rng.integers(len(pool)))]
        self.worn[choice.item_id] += 1
        return choice

    def outfit(self, rng: np.random.Generator, outer_probability: float = 0.45, must_include: Item | None = None) -> list[Item]:
        """One outfit: a top and a bottom or a one-piece, maybe outerwear, shoes if the closet has any."""
        by = lambda cats: [i for i in self.closet if i.category in cats]  # noqa: E731
        uppers, lowers, pieces, outers, shoes = by(UPPER), by(LOWER), by(ONE_PIECE), by(OUTER), by(("shoes",))
        chosen: list[Item] = []
        if must_include is not None:
            chosen.append(must_include)
            self.worn[must_include.item_id] += 1
        have = {i.category for i in chosen}
        if not have & set(UPPER + ONE_PIECE + LOWER):
            use_piece = pieces and (not uppers or not lowers or rng.uniform() < len(pieces) / (len(pieces) + len(uppers)))
            if use_piece:
                chosen.append(self._pick(pieces, rng))
        have = {i.category for i in chosen}
        if not have & set(ONE_PIECE):
            if not have & set(UPPER) and uppers:
                chosen.append(self._pick(uppers, rng))
            if not have & set(LOWER) and lowers:
                chosen.append(self._pick(lowers, rng))
        if not have & set(OUTER) and outers and rng.uniform() < outer_probability:
            chosen.append(self._pick(outers, rng))
        if "shoes" not in have and shoes:
            chosen.append(self._pick(shoes, rng))
        return chosen


@dataclass
class FramePlan:
    """One frame to render: when, which session, who is in it."""

    moment: dt.datetime
    session: str | None
    figures: list[Figure]
    conditions: Conditions
    index: int


def _passerby(seed: int, key: tuple[int, ...]) -> tuple:
    rng = rng_for(seed, 900, *key)
    person = random_person(rng)
    tag = "-".join(str(k) for k in key)
    upper = random_item(f"passerby-{tag}-1", str(rng.choice(UPPER)), rng)
    lower = random_item(f"passerby-{tag}-2", str(rng.choice(LOWER)), rng)
    shoes = random_item(f"passerby-{tag}-3", "shoes", rng)
    return person, [lower, upper, shoes], rng


def _passerby_pose(rng: np.random.Generator, t: float, direction: float) -> Pose:
    pose = random_pose(rng, distance=(2.8, 3.6))
    pose.yaw_deg = direction * rng.uniform(50, 70)
    pose.lateral_m = direction * (-1.3 + 2.6 * t)
    return pose


@dataclass(frozen=True)
class ScenarioSpec:
    """The arguments of a scenario."""

    seed: int
    closet_items: int = 40
    mornings: int = 14
    sessions: tuple[int, int] = (2, 4)
    frames: tuple[int, int] = (10, 30)
    start_date: str = "2026-03-02"
    jpeg_quality: tuple[int, int] = (70, 92)


def plan_scenario(spec: ScenarioSpec, camera: Camera):
    """The owner, closet, room seed and the frame plans of a scenario (nothing rendered yet)."""
    seed = spec.seed
    owner = random_person(rng_for(seed, 1))
    closet = random_closet(spec.closet_items, rng_for(seed, 2))
    wardrobe = Wardrobe(closet)
    plans: list[FramePlan] = []
    start = dt.datetime.fromisoformat(spec.start_date)
    index = 0
    for day in range(spec.mornings):
        drng = rng_for(seed, 3, day)
        date = start + dt.timedelta(days=day)
        outfit = wardrobe.outfit(drng)
        outer = [i for i in outfit if i.category in OUTER]
        outer_last_only = bool(outer) and drng.uniform() < 0.5
        day_light = random_conditions(drng, spec.jpeg_quality)
        moment = date + dt.timedelta(hours=6, minutes=30 + float(drng.uniform(0, 60)))
        sessions = int(drng.integers(spec.sessions[0], spec.sessions[1] + 1))
        for s in range(sessions):
            srng = rng_for(seed, 4, day, s)
            session_id = f"{date:%Y-%m-%d}/{s + 1}"
            wearing = [i for i in outfit if not (outer_last_only and i in outer and s < sessions - 1)]
            # Empty room before the session, and sometimes someone walking past.
            for _ in range(int(srng.integers(2, 5))):
                moment += dt.timedelta(seconds=float(srng.uniform(2, 20)), milliseconds=int(srng.integers(0, 1000)))
                plans.append(FramePlan(moment, None, [], jitter_conditions(day_light, srng), index))
                index += 1
            if srng.uniform() < 0.5:
                person, clothes, prng = _passerby(seed, (day, s))
                direction = float(prng.choice([-1.0, 1.0]))
                count = int(prng.integers(3, 6))
                for k in range(count):
                    moment += dt.timedelta(milliseconds=int(prng.integers(300, 700)))
                    pose = _passerby_pose(prng, k / max(1, count - 1), direction)
                    plans.append(FramePlan(moment, None, [Figure(person, pose, clothes, "passerby")], jitter_conditions(day_light, srng), index))
                    index += 1
            moment += dt.timedelta(seconds=float(srng.uniform(5, 60)))
            frames = int(srng.integers(spec.frames[0], spec.frames[1] + 1))
            keys = [random_pose(srng, turned=srng.uniform() < 0.3, distance=(1.2, 2.6)) for _ in range(3)]
            # Walking in from one side and out again: the first and last frames are partial views.
            side = float(srng.choice([-1.0, 1.0]))
            enter = Pose(**{**asdict(keys[0]), "lateral_m": side * 0.75, "yaw_deg": side * 30.0})
            leave = Pose(**{**asdict(keys[-1]), "lateral_m": -side * 0.8, "yaw_deg": -side * 35.0})
            path = [enter] + keys + [leave]
            passer = None
            if srng.uniform() < 0.15:
                passer = _passerby(seed, (day, s, 1))
            for f in range(frames):
                t = f / max(1, frames - 1) * (len(path) - 1)
                i = min(int(t), len(path) - 2)
                pose = path[i].blend(path[i + 1], t - i)
                pose.roll_deg += float(srng.normal(0, 0.5))
                figures = [Figure(owner, pose, wearing, "owner")]
                if passer is not None and f < 5:
                    figures.insert(0, Figure(passer[0], _passerby_pose(passer[2], f / 4, 1.0), passer[1], "passerby"))
                moment += dt.timedelta(milliseconds=int(srng.integers(250, 700)))
                plans.append(FramePlan(moment, session_id, figures, jitter_conditions(day_light, srng), index))
                index += 1
            moment += dt.timedelta(minutes=float(srng.uniform(3, 25)))
    return owner, closet, plans


def write_scenario(spec: ScenarioSpec, out_dir: str, camera: Camera | None = None, log=print) -> dict:
    """Renders a scenario into out_dir: frames/, truth.jsonl, closet.json, wears.json, scenario.json."""
    camera = camera or Camera()
    owner, closet, plans = plan_scenario(spec, camera)
    os.makedirs(os.path.join(out_dir, "frames"), exist_ok=True)
    room = render_room(spec.seed, camera)
    wears: dict[tuple[str, str], dict] = {}
    with open(os.path.join(out_dir, "truth.jsonl"), "w") as truth_file:
        for plan in plans:
            frame = render_frame(camera, room, plan.figures, plan.conditions, rng_for(spec.seed, 5, plan.index))
            name = frame_name(plan.moment)
            with open(os.path.join(out_dir, "frames", name), "wb") as f:
                f.write(frame.encode("jpeg"))
            record = frame_record(frame, name, iso_timestamp(plan.moment), plan.session, camera)
            truth_file.write(json.dumps(record, separators=(",", ":")) + "\n")
            for person in record["people"]:
                if person["role"] != "owner":
                    continue
                date = plan.moment.date().isoformat()
                for g in person["garments"]:
                    entry = wears.setdefault((date, g["item_id"]), {"date": date, "item_id": g["item_id"], "visible_frames": 0, "sessions": []})
                    entry["visible_frames"] += 1
                    if plan.session not in entry["sessions"]:
                        entry["sessions"].append(plan.session)
            if plan.index % 50 == 0:
                log(f"scenegen: {plan.index + 1}/{len(plans)} frames")
    _write_json(os.path.join(out_dir, "closet.json"), {"person": asdict(owner), "items": [i.to_json() for i in closet]})
    _write_json(os.path.join(out_dir, "wears.json"), sorted(wears.values(), key=lambda e: (e["date"], e["item_id"])))
    meta = {"generator_version": GENERATOR_VERSION, "spec": asdict(spec), "camera": asdict(camera), "frames": len(plans)}
    _write_json(os.path.join(out_dir, "scenario.json"), meta)
    return meta


def frame_record(frame: RenderedFrame, file_name: str, timestamp: str | None, session: str | None, camera: Camera) -> dict:
    """One truth.jsonl line."""
    owner = [p for p in frame.truth_people if p["role"] == "owner"]
    return {
        "timestamp": timestamp,
        "file": f"frames/{file_name}" if timestamp else file_name,
        "width": camera.width,
        "height": camera.height,
        "session": session,
        "person_present": bool(owner and owner[0]["visible"]),
        "source": "scenegen",
        "people": frame.truth_people,
    }


def _write_json(path: str, value) -> None:
    with open(path, "w") as f:
        json.dump(value, f, indent=1)
        f.write("\n")


def dataset_sample(seed: int, n: int, camera: Camera, image_format: str = "jpeg") -> tuple[str, bytes, dict]:
    """Training sample n of a seed (a random room, person, clothes, pose and light): file name, bytes, labels."""
    rng = rng_for(seed, 20, n)
    room = render_room(int(rng.integers(0, 2**31)), camera)
    figures: list[Figure] = []
    if rng.uniform() < 0.12:
        person, clothes, prng = _passerby(seed, (20, n))
        figures.append(Figure(person, _passerby_pose(prng, float(rng.uniform()), float(rng.choice([-1.0, 1.0]))), clothes, "passerby"))
    if rng.uniform() > 0.06:
        person = random_person(rng)
        closet = random_closet(len(CATEGORIES), rng, prefix=f"ds{seed}-{n}")
        pose = random_pose(rng, turned=rng.uniform() < 0.2, distance=(1.0, 3.2))
        if rng.uniform() < 0.15:
            pose.lateral_m = float(rng.choice([-1, 1]) * rng.uniform(0.5, 0.9))
        figures.append(Figure(person, pose, Wardrobe(closet).outfit(rng), "owner"))
    frame = render_frame(camera, room, figures, random_conditions(rng), rng)
    ext = "png" if image_format == "png" else "jpg"
    name = f"{n:06d}.{ext}"
    return name, frame.encode("png" if ext == "png" else "jpeg"), frame_record(frame, f"images/{name}", None, None, camera)


def _dataset_job(args: tuple) -> tuple[str, bytes, dict]:
    return dataset_sample(*args)


def write_dataset(seed: int, count: int, out_dir: str, image_format: str = "jpeg", camera: Camera | None = None, log=print, jobs: int = 1) -> None:
    """N independent training samples: images/ and labels.jsonl. The output does not depend on `jobs`."""
    camera = camera or Camera()
    os.makedirs(os.path.join(out_dir, "images"), exist_ok=True)
    work = [(seed, n, camera, image_format) for n in range(count)]
    pool = None
    if jobs > 1:
        import multiprocessing

        pool = multiprocessing.get_context("spawn").Pool(jobs)
        results = pool.imap(_dataset_job, work, chunksize=4)
    else:
        results = map(_dataset_job, work)
    try:
        with open(os.path.join(out_dir, "labels.jsonl"), "w") as labels:
            for n, (name, data, record) in enumerate(results):
                with open(os.path.join(out_dir, "images", name), "wb") as f:
                    f.write(data)
                labels.write(json.dumps(record, separators=(",", ":")) + "\n")
                if n % 50 == 0:
                    log(f"scenegen: {n + 1}/{count} samples")
    finally:
        if pool is not None:
            pool.close()
            pool.join()


def write_crops(seed: int, items: int, days: int, per_day: int, out_dir: str, camera: Camera | None = None, log=print) -> None:
    """Crops of each item across days (pose and light change, the item does not): crops/<item>/ and crops.jsonl."""
    camera = camera or Camera()
    from PIL import Image

    owner = random_person(rng_for(seed, 1))
    closet = random_closet(items, rng_for(seed, 2))
    room = render_room(seed, camera)
    os.makedirs(os.path.join(out_dir, "crops"), exist_ok=True)
    wardrobe = Wardrobe(closet)
    start = dt.date(2026, 3, 2)
    with open(os.path.join(out_dir, "crops.jsonl"), "w") as index_file:
        _write_json(os.path.join(out_dir, "closet.json"), {"person": asdict(owner), "items": [i.to_json() for i in closet]})
        for day in range(days):
            drng = rng_for(seed, 30, day)
            date = (start + dt.timedelta(days=day)).isoformat()
            light = random_conditions(drng)
            # Every item is worn every day, in outfits around it, so each item has crops from every day.
            for focus_index, focus in enumerate(closet):
                outfit = wardrobe.outfit(drng, outer_probability=0.3, must_include=focus)
                for k in range(per_day):
                    frng = rng_for(seed, 31, day, focus_index, k)
                    pose = random_pose(frng, turned=frng.uniform() < 0.2, distance=(1.2, 2.4))
                    frame = render_frame(camera, room, [Figure(owner, pose, outfit, "owner")], jitter_conditions(light, frng), frng)
                    for g in frame.truth_people[0]["garments"]:
                        if g["item_id"] != focus.item_id or g["visible_pixels"] < 400:
                            continue
                        x0, y0, x1, y1 = g["box"]
                        mx, my = (x1 - x0) // 10, (y1 - y0) // 10
                        box = (max(0, x0 - mx), max(0, y0 - my), min(camera.width, x1 + mx), min(camera.height, y1 + my))
                        folder = os.path.join(out_dir, "crops", g["item_id"])
                        os.makedirs(folder, exist_ok=True)
                        name = f"{date}_{k:02d}.jpg"
                        Image.fromarray(frame.image).crop(box).save(os.path.join(folder, name), quality=90)
                        # The item's own visible pixels in the crop (what lies over it or beside it is not the item).
                        mask_name = f"{date}_{k:02d}.mask.png"
                        own = rle.decode(g["mask"])[box[1] : box[3], box[0] : box[2]]
                        Image.fromarray(own.astype(np.uint8) * 255).save(os.path.join(folder, mask_name), optimize=True)
                        entry = {"file": f"crops/{g['item_id']}/{name}", "mask": f"crops/{g['item_id']}/{mask_name}", "item_id": g["item_id"],
                                 "category": g["category"], "colour": g["colour"], "pattern": g["pattern"], "date": date, "box_in_frame": list(box)}  # fmt: skip
                        index_file.write(json.dumps(entry) + "\n")
            log(f"scenegen: day {day + 1}/{days}")
