#!/usr/bin/env python3
"""Copies trained models into models-int8/ and writes models-int8/manifest.json: per model its file, version,
sha256, input/output contract, labels, provenance (script, data command, seeds), held-out metrics (float and
int8) and MACs. closetd refuses a model whose sha256 differs from the manifest's.

Each model's version, and what of its provenance its last run's record (TASK.train.json) cannot tell (the runs it
was resumed from, in order), come from tools/models/releases.json, kept by hand: a release is a commit of that file.
With --only, the other models' entries are kept as the existing OUT/manifest.json has them.

  make_manifest.py --models DIR --float FLOAT.json --int8 INT8.json [--bench BENCH.json] [--only TASK ...] --out models-int8
  make_manifest.py --run-record DIR/TASK.train.json --name NAME   (a run's summary, for releases.json's "runs")
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import convert  # noqa: E402
import data as D  # noqa: E402

RELEASES = os.path.join(HERE, "releases.json")
VERSION_PATTERN = re.compile(r"^[0-9]+\.[0-9]+\.[0-9]+$")
KEYPOINTS = (
    "nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder", "right_shoulder", "left_elbow",
    "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle",
    "right_ankle",
)  # fmt: skip

CONTRACTS = {
    "pose": {
        "input": {"name": "image", "dtype": "uint8",
                  "preprocessing": "RGB frame scaled (bilinear) so its longer side is 192, centred on a black 192x192 square"},
        "outputs": [{"name": "keypoints", "dtype": "float32",
                     "meaning": "per keypoint (y, x, score): y and x in [0, 1] of the 192x192 input, score in [0, 1]; MoveNet SinglePose Lightning's contract"}],
        "labels": list(KEYPOINTS),
        "metric": "pose_pck@0.2",
    },
    "detector": {
        "input": {"name": "image", "dtype": "uint8",
                  "preprocessing": "RGB frame scaled (bilinear) to fit 192 wide x 256 high, centred on black"},
        "outputs": [
            {"name": "scores", "dtype": "float32",
             "meaning": "centre heatmaps in [0, 1] on a 32-row x 24-column grid of stride 8, cell = row*24 + col"},
            {"name": "boxes", "dtype": "float32",
             "meaning": "per cell and class (index class*4 + k): (left, top, right, bottom) distances from the cell centre ((col+0.5)*8, (row+0.5)*8), in input pixels / 256"},
        ],
        "labels": list(D.DETECTOR_CLASSES),
        "decoding": "per class plane: cells that are the maximum of their 3x3 neighbourhood with score >= threshold; "
                    "box = centre -/+ the class's distances * 256; per-class NMS at IoU 0.5; map back through the fit transform",
        "metric": "detector_map@0.5",
    },
    "garment": {
        "input": {"name": "image", "dtype": "uint8",  # a square of the model's own side (96 for every release so far)
                  "preprocessing": "RGB garment crop scaled (bilinear) to fit {width}x{height}, centred on black"},
        "outputs": [
            {"name": "logits", "dtype": "float32", "meaning": "category logits in label order"},
            {"name": "embedding", "dtype": "float32",
             "meaning": "item embedding, not normalised: L2-normalise it and compare by cosine similarity"},
        ],
        "labels": list(D.GARMENT_LABELS),
        "metric": "classifier_top1, reid_top1",
    },
}  # fmt: skip


def contract_outputs(task: str, outputs: list[dict], shapes: dict[str, list[int]]) -> list[dict]:
    """The contract's outputs (CONTRACTS: names, types, meanings) with the shapes the model file has (a garment
    embedding may be wider than 64); an output the file lacks is an error."""
    missing = [o["name"] for o in outputs if o["name"] not in shapes]
    if missing:
        raise SystemExit(f"make_manifest: {task}.tflite has no output named {', '.join(missing)} (it has {sorted(shapes)})")
    out = [{"name": o["name"], "shape": shapes[o["name"]], **o} for o in outputs]
    for o in out:
        if task == "garment" and len(o["shape"]) == 3:  # a conditioned model (nets.garment_net(conditioned=True))
            o["meaning"] += (f"; a row per coarse class of the detector ({', '.join(D.DETECTOR_CLASSES)}): read the row of "
                             "the class the crop was cut for")
    return out


def sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


# A run record's keys (train.py's TASK.train.json) and their names in the manifest's provenance; the record's other
# settings go under "options" as they are, except what is not a setting.
RECORD_KEYS = {"seed": "seed", "epochs": "epochs", "steps": "steps", "batch": "batch", "lr": "learning_rate",
               "time_budget": "time_budget_seconds", "train": "train_cache", "reid": "reid_folders",
               "val_reid": "validation_reid", "resumed_from": "resumed_from", "seconds": "training_seconds"}  # fmt: skip
AS_IS = ("calibration", "colour_code", "record")  # train.py calibrate's entry and a note on how the record was made
NOT_SETTINGS = ("task", "history", "macs", "ops", "examples") + AS_IS


def load_releases(path: str) -> dict:
    """releases.json: {task: {"version": "X.Y.Z", "provenance": {...}}} for every task of CONTRACTS."""
    try:
        with open(path) as f:
            releases = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        raise SystemExit(f"make_manifest: cannot read the releases file {path}: {e}") from None
    for task in CONTRACTS:
        release = releases.get(task) if isinstance(releases, dict) else None
        if not isinstance(release, dict) or not VERSION_PATTERN.match(str(release.get("version", ""))):
            raise SystemExit(f"make_manifest: {path} has no version X.Y.Z for {task}")
        if not isinstance(release.get("provenance", {}), dict):
            raise SystemExit(f"make_manifest: {path}: {task}'s provenance is not an object")
    return releases


def provenance(task: str, record: dict, commands: dict, release: dict) -> dict:
    """The last run's record, under the manifest's names, then the release's hand-kept fields over it (a null there
    removes the field)."""
    out = {"trained_on": "synthetic mirror scenes rendered by tools/scenegen (no real photographs)",
           "script": f"tools/models/train.py {task}"}  # fmt: skip
    out.update({name: record[key] for key, name in RECORD_KEYS.items() if key in record})
    out.update({key: record[key] for key in AS_IS if key in record})
    options = {k: v for k, v in record.items() if k not in RECORD_KEYS and k not in NOT_SETTINGS}
    if options:
        out["options"] = options
    out["data"] = commands
    out["final_losses"] = record["history"][-1] if record.get("history") else None
    for key, value in release.get("provenance", {}).items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = value
    return out


def heldout_set(metrics: dict, commands: dict) -> str | None:
    """What the held-out figures were measured on: the renders' commands when known, else the folder's name."""
    if "heldout" in commands:
        reid = f" (+ {commands['reid_heldout']} for re-id)" if "reid_heldout" in commands else ""
        return commands["heldout"] + reid
    return metrics.get("heldout")


def folder_ranges(names: list[str]) -> str:
    """Folder names as runs of consecutive numbers: "reid-318..reid-350 and reid-352..reid-381"; a name that does
    not end in a number, or breaks the run, starts a new one."""
    runs: list[list[str]] = []
    for name in names:
        match, last = re.fullmatch(r"(.*?)(\d+)", name), runs[-1][-1] if runs else None
        before = re.fullmatch(r"(.*?)(\d+)", last) if last else None
        if match and before and match.group(1) == before.group(1) and int(match.group(2)) == int(before.group(2)) + 1:
            runs[-1].append(name)
        else:
            runs.append([name])
    parts = [run[0] if len(run) == 1 else f"{run[0]}..{run[-1]}" for run in runs]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def run_record(record: dict, name: str) -> dict:
    """A run's summary for releases.json's "runs": what it started from, its settings and how it ended."""
    out = {"out": name, **{RECORD_KEYS[k]: record[k] for k in ("seed", "lr", "steps", "seconds", "time_budget", "resumed_from") if k in record}}
    reid = record.get("reid") or []
    out["reid_folders"] = f"{folder_ranges(reid)} ({len(reid)} folders)" if reid else []
    history = record.get("history") or []
    if any("val_reid_top1" in h for h in history):
        out["validation_reid_top1_per_epoch"] = [h.get("val_reid_top1") for h in history]
    out["final_losses"] = history[-1] if history else None
    return out


def entry(task: str, contract: dict, args, float_metrics: dict, int8_metrics: dict, bench: dict, commands: dict,
          release: dict) -> dict:
    source = os.path.join(args.models, f"{task}.tflite")
    with open(os.path.join(args.models, f"{task}.train.json")) as f:
        record = json.load(f)
    target = os.path.join(args.out, f"{task}.tflite")
    shutil.copyfile(source, target)
    with open(target, "rb") as f:
        tflite = f.read()
    shapes = convert.output_shapes(tflite)
    # The input's shape, like the outputs', is the model file's (closetd checks it against the contract).
    shape = convert.input_shape(tflite)
    contract_input = {**contract["input"], "shape": shape,
                      "preprocessing": contract["input"]["preprocessing"].format(height=shape[1], width=shape[2])}
    prefixes = {"pose": ("pose_",), "detector": ("detector_",), "garment": ("classifier_", "reid_")}[task]
    keys = [k for k in float_metrics if k.startswith(prefixes)]
    if not keys:
        raise SystemExit(f"make_manifest: {args.float} has no {task} metrics ({', '.join(prefixes)}...)")
    return {
        "name": task, "file": f"{task}.tflite", "version": release["version"], "sha256": sha256(target),
        "bytes": os.path.getsize(target), "input": contract_input,
        **{k: v for k, v in contract.items() if k not in ("metric", "outputs", "input")},
        "outputs": contract_outputs(task, contract["outputs"], shapes),
        "macs": record["macs"], "ops": record["ops"],
        "provenance": provenance(task, record, commands, release),
        "heldout_metrics": {
            "set": heldout_set(float_metrics, commands),
            "float": {k: float_metrics[k] for k in keys},
            "int8_closetd": {k: int8_metrics[k] for k in keys if k in int8_metrics},
        },
        **({"bench": bench[task]} if task in bench else {}),
    }  # fmt: skip


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="make_manifest.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", help="training output (pose.tflite, pose.train.json, ...)")
    parser.add_argument("--float", help="evaluate.py --backend keras JSON")
    parser.add_argument("--int8", help="evaluate.py --backend closetd JSON")
    parser.add_argument("--bench", default=None, help="{task: {median_ms, arena_bytes}} from closetd model bench/info")
    parser.add_argument("--data-commands", default=None, help="JSON {name: command} of the renders used")
    parser.add_argument("--releases", default=RELEASES, help="each model's version and hand-kept provenance")
    parser.add_argument("--only", nargs="+", choices=list(CONTRACTS), default=None,
                        help="write these models' entries and keep the others of OUT/manifest.json")
    parser.add_argument("--out")
    parser.add_argument("--run-record", default=None, help="print this TASK.train.json's summary for releases.json")
    parser.add_argument("--name", default=None, help="the run's name in --run-record's summary (its folder's)")
    args = parser.parse_args(argv)
    if args.run_record:
        with open(args.run_record) as f:
            record = json.load(f)
        name = args.name or os.path.basename(os.path.dirname(os.path.abspath(args.run_record)))
        print(json.dumps(run_record(record, name)))
        return 0
    missing = [f"--{k.replace('_', '-')}" for k in ("models", "float", "int8", "out") if not getattr(args, k)]
    if missing:
        parser.error(f"{', '.join(missing)} required")
    releases = load_releases(args.releases)
    with open(args.float) as f:
        float_metrics = json.load(f)
    with open(args.int8) as f:
        int8_metrics = json.load(f)
    bench = json.load(open(args.bench)) if args.bench else {}
    commands = json.load(open(args.data_commands)) if args.data_commands else {}
    kept = {}
    if args.only:
        path = os.path.join(args.out, "manifest.json")
        try:
            with open(path) as f:
                kept = {m["name"]: m for m in json.load(f)["models"]}
        except (OSError, json.JSONDecodeError, KeyError, TypeError) as e:
            raise SystemExit(f"make_manifest: --only keeps the other entries of {path}, which cannot be read: {e}") from None
    os.makedirs(args.out, exist_ok=True)
    entries = []
    for task, contract in CONTRACTS.items():
        if args.only and task not in args.only:
            if task not in kept:
                raise SystemExit(f"make_manifest: {args.out}/manifest.json has no {task} entry to keep")
            entries.append(kept[task])
            continue
        entries.append(entry(task, contract, args, float_metrics, int8_metrics, bench, commands, releases[task]))
    manifest = {"format": 1, "generator": "tools/models/make_manifest.py", "models": entries}
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    print(f"make_manifest: {len(entries)} models -> {args.out}/manifest.json", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
