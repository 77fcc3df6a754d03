#!/usr/bin/env python3
"""Held-out metrics of closetd's models, float (Keras) and int8 (through closetd's engine, or TFLite's
reference interpreter for a quick look).

  evaluate.py --models DIR --heldout DATASET_DIR --reid CROPS_DIR [CROPS_DIR ...] --backend keras|closetd|litert
              [--closetd PATH] [--limit N] [--json OUT] [--mirror-average]

Metrics (the definitions are in models-int8/README.md):
- pose PCK@0.2: a labelled keypoint in the frame is correct within 0.2 x the torso diameter;
- detector mAP@0.5: mean over the 5 coarse classes of the all-point interpolated average precision;
- classifier top-1 on ground-truth garment boxes (plus 10%);
- re-identification top-1: each item's first-day crop is the gallery (a closet of every item in the folder),
  every later-day crop a query, nearest gallery item by cosine similarity. The first --reid folder is the held-out
  closet every figure is given for; further folders are more closets rendered alike, for the top-1 on each and over
  all of them (one closet of 281 queries moves by 0.36 points a query: a closet's luck is a point or two).
With --mirror-average, also the classifier's and re-identification's figures with each crop's outputs averaged with
its mirror image's (as closetd's sessions pool them: `mirrorEveryOtherFrame`); not the bars' definitions.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import data as D  # noqa: E402

OUTPUT_NAMES = {"pose": ["keypoints"], "detector": ["scores", "boxes"], "garment": ["logits", "embedding"]}


def by_condition(outputs: np.ndarray, coarse) -> np.ndarray:
    """A conditioned garment model's outputs ([N, 5, ...]: a row per coarse class of the detector) read as closetd
    reads them: each crop's row for the coarse class it was cropped as (`coarse`, [N]). An unconditioned model's
    outputs ([N, 13] logits, [N, D] embeddings) are returned as they are."""
    outputs = np.asarray(outputs)
    if outputs.ndim != 3:
        return outputs
    return outputs[np.arange(len(outputs)), np.asarray(coarse, dtype=np.int64)]


def own_condition(logits: np.ndarray) -> np.ndarray:
    """For a conditioned model's logits [N, 5, 13], the row whose own coarse class the classifier finds likeliest
    (as closetd reads a photo with no detector); [N, 13]."""
    p = np.exp(logits - logits.max(-1, keepdims=True))
    p /= p.sum(-1, keepdims=True)
    table = D.coarse_classes(np.arange(logits.shape[-1]))
    mass = np.stack([p[:, k][:, table == k].sum(-1) for k in range(logits.shape[1])], 1)
    return logits[np.arange(len(logits)), np.argmax(mass, 1)]


class Runner:
    """Runs one model on a batch of uint8 inputs; returns its outputs in contract order, each [N, ...]."""

    def __init__(self, backend: str, path_without_suffix: str, task: str, closetd: str | None):
        self.backend, self.task, self.closetd = backend, task, closetd
        if backend == "keras":
            import tensorflow as tf

            import nets  # noqa: F401  (registers closetd's own layers, such as UnitLength, for loading)

            self.model = tf.keras.models.load_model(path_without_suffix + ".keras", compile=False)
        else:
            self.path = path_without_suffix + ".tflite"
            if backend == "litert":
                from ai_edge_litert.interpreter import Interpreter, OpResolverType

                self.interpreter = Interpreter(model_path=self.path, experimental_op_resolver_type=OpResolverType.BUILTIN_REF)
                self.interpreter.allocate_tensors()

    def input_side(self) -> int:
        """The side of the model's input (the garment model's crops are fitted to it: 96 for every release so far)."""
        if self.backend == "keras":
            return int(self.model.inputs[0].shape[1])
        from ai_edge_litert.interpreter import Interpreter

        return int(Interpreter(model_path=self.path).get_input_details()[0]["shape"][1])

    def __call__(self, inputs: np.ndarray) -> list[np.ndarray]:
        if self.backend == "keras":
            outs = self.model.predict(inputs.astype(np.float32), batch_size=32, verbose=0)
            outs = outs if isinstance(outs, list) else [outs]
            return [np.asarray(o) for o in outs]
        results: list[list[np.ndarray]] = []
        for x in inputs:
            results.append(self._one(x[None]))
        return [np.concatenate([r[i] for r in results]) for i in range(len(results[0]))]

    def _one(self, x: np.ndarray) -> list[np.ndarray]:
        if self.backend == "litert":
            it = self.interpreter
            it.set_tensor(it.get_input_details()[0]["index"], x)
            it.invoke()
            return [it.get_tensor(d["index"]).copy() for d in it.get_output_details()]
        with tempfile.TemporaryDirectory() as tmp:
            np.save(os.path.join(tmp, "in.npy"), x)
            subprocess.run([self.closetd, "model", "run", self.path, "--input", os.path.join(tmp, "in.npy"),
                            "--output-dir", os.path.join(tmp, "out")], check=True, capture_output=True)  # fmt: skip
            return [np.load(os.path.join(tmp, "out", f"{i}.npy")) for i in range(len(OUTPUT_NAMES[self.task]))]


def pck(samples, images, predictions, threshold=0.2) -> tuple[float, int]:
    correct = total = 0
    for sample, image, pred in zip(samples, images, predictions):
        person = D.main_person(sample)
        if person is None or not person.get("keypoints"):
            continue
        kp = np.asarray(person["keypoints"], np.float64)
        height, width = image.shape[:2]
        if min(kp[5, 2], kp[6, 2], kp[11, 2], kp[12, 2]) < 1:
            continue
        torso = max(np.hypot(*(kp[5, :2] - kp[12, :2])), np.hypot(*(kp[6, :2] - kp[11, :2])))
        scale, ox, oy = D.fit_transform(width, height, D.POSE_SIZE, D.POSE_SIZE)
        px = (pred[:, 1] * D.POSE_SIZE - ox) / scale
        py = (pred[:, 0] * D.POSE_SIZE - oy) / scale
        for k in range(17):
            x, y, v = kp[k]
            if v < 1 or not (0 <= x < width and 0 <= y < height):
                continue
            total += 1
            correct += np.hypot(px[k] - x, py[k] - y) <= threshold * torso
    return correct / max(total, 1), total


def decode_detections(scores: np.ndarray, boxes: np.ndarray, threshold: float, iou: float = 0.5, top: int = 100):
    """The contract's decoding: 3x3 local maxima per class plane above `threshold`, ltrb boxes, per-class NMS.
    Returns [(class, score, (x0, y0, x1, y1) in detector-input pixels)].

    As closetd's DetectorDecoder: a cell is a peak when no neighbour is higher and no equal neighbour comes
    before it in scan order (int8 scores often tie on a plateau, which must give one peak, not several)."""
    rows, cols, classes = D.GRID_ROWS, D.GRID_COLS, scores.shape[-1]
    plane = scores.reshape(rows, cols, classes)
    padded = np.pad(plane, ((1, 1), (1, 1), (0, 0)), constant_values=-np.inf)
    peaks = plane >= threshold
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            if (dr, dc) == (0, 0):
                continue
            other = padded[1 + dr : 1 + dr + rows, 1 + dc : 1 + dc + cols]
            earlier = dr < 0 or (dr == 0 and dc < 0)
            peaks &= (other <= plane) if not earlier else (other < plane)
    out = []
    ltrb = boxes.reshape(rows, cols, classes, 4) * D.BOX_UNIT
    for cls in range(classes):
        found = []
        for r, c in zip(*np.nonzero(peaks[:, :, cls])):
            cx, cy = (c + 0.5) * D.DETECTOR_STRIDE, (r + 0.5) * D.DETECTOR_STRIDE
            l, t, rr, b = ltrb[r, c, cls]
            found.append((float(plane[r, c, cls]), (cx - l, cy - t, cx + rr, cy + b)))
        found.sort(key=lambda f: -f[0])
        kept: list[tuple[float, tuple]] = []
        for score, box in found:
            if all(box_iou(box, k[1]) < iou for k in kept):
                kept.append((score, box))
        out.extend((cls, s, b) for s, b in kept[:top])
    return out


def box_iou(a, b) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def mean_average_precision(samples, images, outputs, iou=0.5) -> tuple[float, list[float]]:
    classes = len(D.DETECTOR_CLASSES)
    detections = [[] for _ in range(classes)]  # (score, is true positive)
    positives = np.zeros(classes, int)
    for sample, image, scores, boxes in zip(samples, images, outputs[0], outputs[1]):
        truth = D.detector_boxes(sample, image.shape)
        for cls, _ in truth:
            positives[cls] += 1
        used = set()
        for cls, score, box in sorted(decode_detections(scores, boxes, 0.05), key=lambda d: -d[1]):
            best, best_iou = None, iou
            for j, (tcls, tbox) in enumerate(truth):
                if tcls == cls and j not in used:
                    overlap = box_iou(box, tbox)
                    if overlap >= best_iou:
                        best, best_iou = j, overlap
            if best is not None:
                used.add(best)
            detections[cls].append((score, best is not None))
    aps = []
    for cls in range(classes):
        if positives[cls] == 0:
            continue
        ranked = sorted(detections[cls], key=lambda d: -d[0])
        tp = np.cumsum([d[1] for d in ranked]) if ranked else np.zeros(0)
        fp = np.cumsum([not d[1] for d in ranked]) if ranked else np.zeros(0)
        recall = tp / positives[cls]
        precision = tp / np.maximum(tp + fp, 1)
        mrec = np.concatenate([[0.0], recall, [1.0]])
        mpre = np.concatenate([[0.0], precision, [0.0]])
        for i in range(len(mpre) - 2, -1, -1):
            mpre[i] = max(mpre[i], mpre[i + 1])
        steps = np.nonzero(mrec[1:] != mrec[:-1])[0]
        aps.append(float(np.sum((mrec[steps + 1] - mrec[steps]) * mpre[steps + 1])))
    return float(np.mean(aps)), aps


def mirror(batch: np.ndarray) -> np.ndarray:
    """A batch of images [N, H, W, C], each mirrored left to right (contiguous, as the runners expect)."""
    return np.ascontiguousarray(batch[:, :, ::-1])


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise probabilities of logits [N, K]."""
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def normalise(e: np.ndarray) -> np.ndarray:
    return e / np.maximum(np.linalg.norm(e, axis=-1, keepdims=True), 1e-9)


def reid_answers(entries, embeddings, within_coarse_class: bool = False) -> tuple[list[int], list[bool], int]:
    """Re-identification as the bar defines it: each item's crops of its first day are the closet (their mean), its
    crops of later days query it. The queries (indices into entries), whether each one's nearest item is its own,
    and the number of items. `within_coarse_class`: each query is asked only about the items of its own coarse
    class, as closetd's matcher asks (a garment the detector found as a bottom never matches a top)."""
    first: dict[str, str] = {}
    for entry in entries:
        first[entry["item_id"]] = min(first.get(entry["item_id"], entry["date"]), entry["date"])
    gallery_ids = sorted(first)
    e = normalise(embeddings)
    gallery = []
    for item in gallery_ids:
        rows = [i for i, en in enumerate(entries) if en["item_id"] == item and en["date"] == first[item]]
        gallery.append(normalise(e[rows].mean(0)))
    gallery = np.stack(gallery)
    queries = [i for i, en in enumerate(entries) if en["date"] != first[en["item_id"]]]
    similarity = e[queries] @ gallery.T
    if within_coarse_class:
        coarse = np.asarray(D.crops_coarse_classes(entries))
        item_coarse = {en["item_id"]: c for en, c in zip(entries, coarse)}
        same = coarse[queries][:, None] == np.array([item_coarse[g] for g in gallery_ids])[None, :]
        similarity = np.where(same, similarity, -np.inf)
    nearest = np.argmax(similarity, axis=1) if queries else []
    right = [gallery_ids[n] == entries[q]["item_id"] for q, n in zip(queries, nearest)]
    return queries, right, len(gallery_ids)


def reid_top1(entries, embeddings, within_coarse_class: bool = False) -> tuple[float, int, int]:
    queries, right, items = reid_answers(entries, embeddings, within_coarse_class)
    return sum(right) / max(len(queries), 1), len(queries), items


def pooled_closets(closets: list[tuple[str, int, int]]) -> dict:
    """Re-id top-1 over several closets (name, right answers, queries): each closet's own and all queries' together,
    as evaluate() reports them beside the first closet's figures."""
    right, asked = sum(c[1] for c in closets), sum(c[2] for c in closets)
    return {"reid_top1_per_closet": {name: round(r / max(q, 1), 4) for name, r, q in closets},
            "reid_top1_all_closets": round(right / max(asked, 1), 4), "reid_queries_all_closets": asked}  # fmt: skip


def reid_top1_by_category(entries, embeddings) -> dict[str, tuple[float, int]]:
    """reid_top1 of the queries of each category: (top-1, queries). Where re-identification fails: an open jacket's
    crop is mostly the top under it, another one each day."""
    queries, right, _ = reid_answers(entries, embeddings)
    counts: dict[str, list[int]] = {}
    for q, ok in zip(queries, right):
        count = counts.setdefault(entries[q]["category"], [0, 0])
        count[0] += ok
        count[1] += 1
    return {category: (round(good / asked, 4), asked) for category, (good, asked) in sorted(counts.items())}


def reid_top1_other_days(entries, embeddings) -> tuple[float, int]:
    """Re-identification as closetd meets it after a few wears: each image against every item represented by the
    mean of its images from the other days (an item with none is left out for that image); the share whose nearest
    item is their own, and the number of images asked."""
    e = normalise(embeddings)
    items = sorted({en["item_id"] for en in entries})
    item = np.array([items.index(en["item_id"]) for en in entries])
    date = np.array([en["date"] for en in entries])
    correct = asked = 0
    for q in range(len(entries)):
        gallery, ids = [], []
        for k in range(len(items)):
            rows = (item == k) & (date != date[q])
            if rows.any():
                gallery.append(normalise(e[rows].mean(0)))
                ids.append(k)
        if item[q] not in ids:
            continue
        asked += 1
        correct += ids[int(np.argmax(np.stack(gallery) @ e[q]))] == item[q]
    return correct / max(asked, 1), asked


def closet_embeddings(run: Runner, folder: str, side: int):
    """A crops folder's entries, model inputs, coarse classes and embeddings (each crop's row of its coarse class)."""
    entries = D.read_crops(folder)
    x = np.stack([D.crop_input(e, size=side) for e in entries])
    coarse = D.crops_coarse_classes(entries)
    return entries, x, coarse, by_condition(run(x)[1], coarse)


def evaluate(args) -> dict:
    samples = D.read_labels(args.heldout)[: args.limit or None]
    images = [D.load_image(s) for s in samples]
    result = {"backend": args.backend, "heldout": os.path.basename(os.path.normpath(args.heldout)), "samples": len(samples)}
    base = lambda task: os.path.join(args.models, task)  # noqa: E731
    if "pose" in args.tasks:
        run = Runner(args.backend, base("pose"), "pose", args.closetd)
        x = np.stack([D.fit_image(im, D.POSE_SIZE, D.POSE_SIZE) for im in images])
        value, count = pck(samples, images, run(x)[0][:, 0])
        result["pose_pck@0.2"], result["pose_keypoints"] = round(value, 4), count
    if "detector" in args.tasks:
        run = Runner(args.backend, base("detector"), "detector", args.closetd)
        x = np.stack([D.fit_image(im, D.DETECTOR_WIDTH, D.DETECTOR_HEIGHT) for im in images])
        value, aps = mean_average_precision(samples, images, run(x))
        result["detector_map@0.5"], result["detector_ap_per_class"] = round(value, 4), [round(a, 4) for a in aps]
    if "garment" in args.tasks:
        run = Runner(args.backend, base("garment"), "garment", args.closetd)
        crops, labels, covered = [], [], []
        side = run.input_side()
        for sample, image in zip(samples, images):
            for crop, label, _, under in D.garment_examples(sample, image, with_cover=True, size=side):
                crops.append(crop)
                labels.append(label)
                covered.append(under)
        x, labels = np.stack(crops), np.asarray(labels)
        raw = run(x)[0]
        logits = by_condition(raw, D.coarse_classes(labels))  # a conditioned model: the row of the true coarse class
        if raw.ndim == 3:  # and, as if no detector said which garment the crop is of, the row the classifier picks
            result["classifier_top1_own_condition"] = round(float(np.mean(np.argmax(own_condition(raw), 1) == labels)), 4)
        if args.mirror_average:
            # As closetd's sessions pool evidence: every other frame's crop is mirrored (mirrorEveryOtherFrame) and
            # the frames' probabilities are summed; per crop, the crop's and its mirror image's probabilities.
            both = softmax(logits) + softmax(by_condition(run(mirror(x))[0], D.coarse_classes(labels)))
            result["classifier_top1_mirror_averaged"] = round(float(np.mean(np.argmax(both, 1) == labels)), 4)
        right, covered = np.argmax(logits, 1) == labels, np.asarray(covered, bool)
        result["classifier_top1"] = round(float(np.mean(right)), 4)
        result["classifier_crops"] = len(crops)
        # As closetd's pipeline reads it: the best label within the detector's coarse class (here the true one).
        coarse = np.array([D.COARSE_CLASS[label] for label in D.GARMENT_LABELS])
        within = np.where(coarse[None, :] == coarse[labels][:, None], logits, -np.inf)
        result["classifier_top1_within_coarse_class"] = round(float(np.mean(np.argmax(within, 1) == labels)), 4)
        # Where the misses are: tops under a jacket or coat show a strip between the flaps, no sleeves.
        for key, part in (("under_outerwear", covered), ("uncovered", ~covered)):
            result[f"classifier_top1_{key}"] = round(float(np.mean(right[part])), 4) if part.any() else None
            result[f"classifier_crops_{key}"] = int(part.sum())
        if args.reid:
            entries, x, coarse, embeddings = closet_embeddings(run, args.reid[0], side)
            value, queries, items = reid_top1(entries, embeddings)
            result["reid_top1"], result["reid_queries"], result["reid_items"] = round(value, 4), queries, items
            if len(args.reid) > 1:  # more closets rendered alike: the top-1 on each, and over them all
                counts = []
                for i, folder in enumerate(args.reid):
                    closet, _, _, rows = (entries, x, coarse, embeddings) if i == 0 else closet_embeddings(run, folder, side)
                    asked, right, _ = reid_answers(closet, rows)
                    counts.append((os.path.basename(os.path.normpath(folder)), sum(right), len(asked)))
                result.update(pooled_closets(counts))
            # As closetd's matcher searches the closet: only the items of the crop's coarse class (here the true one).
            result["reid_top1_within_coarse_class"] = round(reid_top1(entries, embeddings, within_coarse_class=True)[0], 4)
            result["reid_top1_by_category"] = reid_top1_by_category(entries, embeddings)
            value, asked = reid_top1_other_days(entries, embeddings)
            result["reid_top1_other_days"], result["reid_other_days_queries"] = round(value, 4), asked
            if args.mirror_average:
                both = normalise(embeddings) + normalise(by_condition(run(mirror(x))[1], coarse))
                result["reid_top1_mirror_averaged"] = round(reid_top1(entries, both)[0], 4)
                result["reid_top1_other_days_mirror_averaged"] = round(reid_top1_other_days(entries, both)[0], 4)
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="evaluate.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", required=True)
    parser.add_argument("--heldout", required=True)
    parser.add_argument("--reid", nargs="+", default=None,
                        help="crops folders: the held-out closet, then any more closets rendered alike")
    parser.add_argument("--mirror-average", action="store_true",
                        help="also the garment figures with each crop's outputs averaged with its mirror image's")
    parser.add_argument("--backend", default="closetd", choices=("keras", "closetd", "litert"))
    parser.add_argument("--closetd", default=os.path.join(HERE, "..", "..", ".build", "release", "closetd"))
    parser.add_argument("--tasks", nargs="*", default=["pose", "detector", "garment"])
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--json", default=None)
    args = parser.parse_args(argv)
    result = evaluate(args)
    print(json.dumps(result))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
