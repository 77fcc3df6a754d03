"""Scenarios: frame naming, truth/closet/wears consistency, item persistence, determinism, and the CLI."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys

import numpy as np
import pytest

from scenegen.scenario import ScenarioSpec, frame_name, write_scenario

RENDER = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "render.py")
SPEC = ScenarioSpec(seed=21, closet_items=14, mornings=2, sessions=(2, 2), frames=(4, 5))
NAME = re.compile(r"^(\d{8}T\d{6}\.\d{3})\.jpg$")


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    out = tmp_path_factory.mktemp("scenario")
    write_scenario(SPEC, str(out), log=lambda _: None)
    truth = [json.loads(line) for line in (out / "truth.jsonl").read_text().splitlines()]
    closet = json.loads((out / "closet.json").read_text())
    wears = json.loads((out / "wears.json").read_text())
    return out, truth, closet, wears


def test_frames_are_named_by_iso_8601_basic_timestamps_in_time_order(scenario):
    out, truth, _, _ = scenario
    files = sorted(os.listdir(out / "frames"))
    assert files == sorted(os.path.basename(r["file"]) for r in truth)
    assert [os.path.basename(r["file"]) for r in truth] == files  # truth is in time order too
    for record in truth:
        name = os.path.basename(record["file"])
        match = NAME.match(name)
        assert match, name
        moment = dt.datetime.strptime(match.group(1), "%Y%m%dT%H%M%S.%f")
        assert dt.datetime.fromisoformat(record["timestamp"]) == moment
    assert frame_name(dt.datetime(2026, 3, 2, 7, 5, 9, 42000)) == "20260302T070509.042.jpg"


def test_frames_decode_at_the_camera_size(scenario):
    from PIL import Image

    out, truth, _, _ = scenario
    for record in truth[:5]:
        with Image.open(out / record["file"]) as im:
            assert im.format == "JPEG" and im.size == (record["width"], record["height"]) == (480, 640)


def test_scenario_has_sessions_empty_frames_and_the_owner(scenario):
    _, truth, _, _ = scenario
    sessions = {r["session"] for r in truth if r["session"]}
    assert len(sessions) == 4  # 2 mornings x 2 sessions
    assert any(not r["people"] for r in truth)  # empty room
    assert all(r["person_present"] for r in truth if r["session"] and any(p["visible"] and p["role"] == "owner" for p in r["people"]))
    assert sum(r["person_present"] for r in truth) >= 12


def test_items_persist_across_frames_and_days(scenario):
    _, truth, closet, _ = scenario
    items = {i["item_id"]: i for i in closet["items"]}
    seen_days: dict[str, set] = {}
    for record in truth:
        for person in record["people"]:
            for g in person["garments"]:
                if person["role"] == "owner":
                    item = items[g["item_id"]]
                    assert (g["category"], g["colour"], g["pattern"]) == (item["category"], item["colour"], item["pattern"])
                    seen_days.setdefault(g["item_id"], set()).add(record["timestamp"][:10])
                else:
                    assert g["item_id"] not in items  # passers-by wear nothing from the closet
    assert len(seen_days) >= 4


def test_wears_match_the_owner_garments_in_the_truth(scenario):
    _, truth, closet, wears = scenario
    expected: dict[tuple[str, str], int] = {}
    for record in truth:
        for person in record["people"]:
            if person["role"] == "owner":
                for g in person["garments"]:
                    key = (record["timestamp"][:10], g["item_id"])
                    expected[key] = expected.get(key, 0) + 1
    assert {(w["date"], w["item_id"]): w["visible_frames"] for w in wears} == expected
    ids = {i["item_id"] for i in closet["items"]}
    assert all(w["item_id"] in ids for w in wears)
    for item in closet["items"]:  # base colours are in the item's named colour
        from scenegen.colours import name_of_srgb

        assert name_of_srgb(np.array(item["base_srgb"]) / 255.0) == item["colour"]


def test_same_seed_gives_byte_identical_outputs(scenario, tmp_path):
    out, _, _, _ = scenario
    write_scenario(SPEC, str(tmp_path), log=lambda _: None)
    for name in ("truth.jsonl", "closet.json", "wears.json", "scenario.json"):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name
    frames = sorted(os.listdir(out / "frames"))
    assert sorted(os.listdir(tmp_path / "frames")) == frames
    for name in frames:
        assert (tmp_path / "frames" / name).read_bytes() == (out / "frames" / name).read_bytes(), name


def test_another_seed_gives_another_scenario(scenario, tmp_path):
    out, _, closet, _ = scenario
    other = ScenarioSpec(seed=22, closet_items=14, mornings=1, sessions=(2, 2), frames=(2, 2))
    write_scenario(other, str(tmp_path), log=lambda _: None)
    assert json.loads((tmp_path / "closet.json").read_text()) != closet


def test_cli_dataset_and_crops(tmp_path):
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    subprocess.run([sys.executable, RENDER, "dataset", "--seed", "4", "--count", "3", "--png", "--out", str(tmp_path / "ds")], check=True, env=env, capture_output=True)
    labels = [json.loads(line) for line in (tmp_path / "ds" / "labels.jsonl").read_text().splitlines()]
    assert [r["file"] for r in labels] == ["images/000000.png", "images/000001.png", "images/000002.png"]
    assert all((tmp_path / "ds" / r["file"]).exists() for r in labels)
    subprocess.run([sys.executable, RENDER, "crops", "--seed", "4", "--items", "5", "--days", "2", "--per-day", "1", "--out", str(tmp_path / "cr")], check=True, env=env, capture_output=True)
    crops = [json.loads(line) for line in (tmp_path / "cr" / "crops.jsonl").read_text().splitlines()]
    assert crops and all((tmp_path / "cr" / c["file"]).exists() for c in crops)
    closet = {i["item_id"]: i for i in json.loads((tmp_path / "cr" / "closet.json").read_text())["items"]}
    assert all(closet[c["item_id"]]["category"] == c["category"] for c in crops)
    from PIL import Image

    for c in crops:  # the item's own visible pixels, cut like the crop: all of them, and not the margin
        with Image.open(tmp_path / "cr" / c["file"]) as crop, Image.open(tmp_path / "cr" / c["mask"]) as mask:
            own = np.asarray(mask) >= 128
            assert mask.size == crop.size and own.sum() >= 400
            assert not own[0].any() and not own[-1].any() or c["box_in_frame"][1] == 0 or c["box_in_frame"][3] == 640
    days_per_item = {}
    for c in crops:
        days_per_item.setdefault(c["item_id"], set()).add(c["date"])
    assert sum(len(d) == 2 for d in days_per_item.values()) >= 3  # items seen on both days


def test_cli_rejects_bad_arguments(tmp_path):
    result = subprocess.run([sys.executable, RENDER, "scenario", "--seed", "1", "--sessions", "4-2", "--out", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 2 and "--sessions" in result.stderr
    result = subprocess.run([sys.executable, RENDER, "scenario", "--seed", "x", "--out", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 2 and "--seed" in result.stderr
    result = subprocess.run([sys.executable, RENDER, "dataset", "--seed", "1", "--count", "0", "--out", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 2 and "--count must be at least 1" in result.stderr
    (tmp_path / "frames").mkdir()
    (tmp_path / "frames" / "20260101T000000.000.jpg").write_bytes(b"old")
    result = subprocess.run([sys.executable, RENDER, "scenario", "--seed", "1", "--out", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 2 and "already holds 1 files" in result.stderr
    assert (tmp_path / "frames" / "20260101T000000.000.jpg").read_bytes() == b"old"


def test_same_seed_gives_byte_identical_png_datasets(tmp_path):
    from scenegen.scenario import write_dataset

    for name, jobs in (("a", 1), ("b", 2)):  # and the number of worker processes changes nothing
        write_dataset(6, 2, str(tmp_path / name), image_format="png", log=lambda _: None, jobs=jobs)
    for name in ("labels.jsonl", "images/000000.png", "images/000001.png"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert (tmp_path / "a" / "images/000000.png").read_bytes() != (tmp_path / "a" / "images/000001.png").read_bytes()
