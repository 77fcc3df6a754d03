#!/usr/bin/env python3
"""Copies trained models into models-int8/ and writes models-int8/manifest.json: per model its file, version,
sha256, input/output contract, labels, provenance (script, data command, seeds), held-out metrics (float and
int8) and MACs. closetd refuses a model whose sha256 differs from the manifest's.

  make_manifest.py --models DIR --float FLOAT.json --int8 INT8.json [--bench BENCH.json] --out models-int8
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import convert  # noqa: E402
import data as D  # noqa: E402

VERSION = "1.0.0"
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
        "input": {"name": "image", "dtype": "uint8",  # a square of the model's own side (96 up to 1.3.0)
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
    return [{"name": o["name"], "shape": shapes[o["name"]], **o} for o in outputs]


def sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="make_manifest.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", required=True, help="training output (pose.tflite, pose.train.json, ...)")
    parser.add_argument("--float", required=True, help="evaluate.py --backend keras JSON")
    parser.add_argument("--int8", required=True, help="evaluate.py --backend closetd JSON")
    parser.add_argument("--bench", default=None, help="{task: {median_ms, arena_bytes}} from closetd model bench/info")
    parser.add_argument("--data-commands", default=None, help="JSON {name: command} of the renders used")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    with open(args.float) as f:
        float_metrics = json.load(f)
    with open(args.int8) as f:
        int8_metrics = json.load(f)
    bench = json.load(open(args.bench)) if args.bench else {}
    commands = json.load(open(args.data_commands)) if args.data_commands else {}
    os.makedirs(args.out, exist_ok=True)
    entries = []
    for task, contract in CONTRACTS.items():
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
        entries.append({
            "name": task, "file": f"{task}.tflite", "version": VERSION, "sha256": sha256(target),
            "bytes": os.path.getsize(target), "input": contract_input,
            **{k: v for k, v in contract.items() if k not in ("metric", "outputs", "input")},
            "outputs": contract_outputs(task, contract["outputs"], shapes),
            "macs": record["macs"], "ops": record["ops"],
            "provenance": {
                "trained_on": "synthetic mirror scenes rendered by tools/scenegen (no real photographs)",
                "script": f"tools/models/train.py {task}", "seed": record["seed"], "epochs": record["epochs"],
                "batch": record["batch"], "learning_rate": record["lr"], "train_cache": record["train"],
                "reid_folders": record["reid"], "training_seconds": record["seconds"], "data": commands,
                "final_losses": record["history"][-1] if record["history"] else None,
            },
            "heldout_metrics": {
                "set": float_metrics.get("heldout"),
                "float": {k: float_metrics[k] for k in keys},
                "int8_closetd": {k: int8_metrics[k] for k in keys if k in int8_metrics},
            },
            **({"bench": bench[task]} if task in bench else {}),
        })  # fmt: skip
    manifest = {"format": 1, "generator": "tools/models/make_manifest.py", "models": entries}
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    print(f"make_manifest: {len(entries)} models -> {args.out}/manifest.json", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
