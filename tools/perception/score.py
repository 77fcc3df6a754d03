"""Scores the inventory and wear log closetd built from a rendered scenario against its ground truth.

    python3 tools/perception/score.py --scenario DIR --state STATE --closetd .build/debug/closetd

Reads the scenario's wears.json, closet.json and truth.jsonl, and closetd's items and wear log (`closetd inventory
list --json`, `closetd inventory wears --json`) and the thumbnails' provenance (STATE/perception/thumbnails.jsonl:
frame time and crop box, no pixels).

Each built item is associated with a true item through the frame its thumbnail came from:
- with the owner's garments' masks: of the garments the crop shows (their visible pixels fill at least a tenth of
  it, or at least half of the garment's visible pixels lie inside it), the one of the built item's coarse class
  that fills most of the crop, else the one that fills most of it. A T-shirt seen between the flaps of an open
  jacket shares its crop with the jacket: it is the T-shirt if closetd says it is a top, the jacket if it says
  outerwear; shoes under trouser hems fill less of their crop than the trousers do, but lie wholly inside it;
- without masks, or when the crop shows no garment: the garment whose ground-truth box overlaps the crop most
  (IoU).
Without provenance, the true item of the same coarse class whose wear dates overlap the built item's most. Figures:

- item recall: true worn items (wears.json) with at least one built item associated;
- duplicates: built items associated with a worn true item beyond the first, per true worn item;
- wear-log accuracy: |predicted ∩ true| / |predicted ∪ true| over (true item, date) pairs, a built item's wear
  counting as its true item's (pairs of unassociated items are wrong);
- privacy: thumbnails whose crop touches anyone's head box (the owner's or a passer-by's), and image files in the
  state folder as large as a frame.

Also printed, not a bar: the same recall and wear-log accuracy over what was in view. A true (item, date) pair is in
view when some session of that date has at least `min_session_frames` frames in which the owner shows the nose,
both shoulders and both ankles inside the frame (ground-truth keypoints, 1 pixel in, as closetd's person check
asks) and the item is visible: the whole-person frames closetd needs before it records a session. A pair out of
view cannot be logged by a pipeline that follows that rule; the gap between the two figures is the scenario's, the
rest is closetd's. And the labels: of the built items associated with a true item, the share that carry its
category, and its colour name, as the inventory shows them to the person (the first session's, as closetd keeps
them).

Exit status 0 when every figure meets its bar, 1 when one does not, 2 on bad input.
"""

from __future__ import annotations

import argparse
import calendar
import json
import os
import struct
import subprocess
import tempfile
import sys
from dataclasses import dataclass, field

COARSE = {
    "t-shirts": "top", "tops": "top", "shirts": "top", "blouses": "top",
    "shorts": "bottom", "pants": "bottom", "jeans": "bottom", "skirts": "bottom",
    "dresses": "one-piece", "jumpsuits": "one-piece", "jackets": "outerwear", "coats": "outerwear", "shoes": "shoes",
}


class ScoreInputError(Exception):
    """A file of the scenario or of closetd's output is missing or malformed."""


@dataclass
class Scores:
    true_worn_items: int = 0
    items_found: int = 0
    recall: float = 0.0
    built_items: int = 0
    duplicates_per_item: float = 0.0
    unassociated_items: int = 0
    wear_pairs_true: int = 0
    wear_pairs_predicted: int = 0
    wear_pairs_correct: int = 0
    wear_accuracy: float = 0.0
    head_overlaps: int = 0
    frame_sized_files: int = 0
    wear_pairs_in_view: int = 0
    items_in_view: int = 0
    items_found_in_view: int = 0
    recall_in_view: float = 0.0
    wear_accuracy_in_view: float = 0.0
    # Not bars, what the inventory calls its items: of the built items associated with a true item, how many carry
    # that item's category and its colour name (a colour counts only where the truth names one).
    labelled_items: int = 0
    category_right: int = 0
    coloured_items: int = 0
    colour_right: int = 0
    # Per true category, what the bars lost there: [wrong logged pairs, missed true pairs, extra items]. A wrong pair
    # counts under the category of the item it names (the built item's own for an item of nothing true).
    errors_by_category: dict[str, list[int]] = field(default_factory=dict)
    # The same, pair by pair and item by item, for reading: "wrong ...", "missed ...", "split ..." lines.
    losses: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def meets_bars(self, min_recall: float = 0.9, max_duplicates: float = 0.1, min_wear_accuracy: float = 0.9) -> bool:
        """Issue 7's bars (inclusive), and no privacy finding."""
        return (self.recall >= min_recall and self.duplicates_per_item <= max_duplicates
                and self.wear_accuracy >= min_wear_accuracy and self.head_overlaps == 0 and self.frame_sized_files == 0)


WHOLE_PERSON_KEYPOINTS = (0, 5, 6, 15, 16)  # nose, shoulders, ankles (COCO order)


def pairs_in_view(truth: list[dict], min_session_frames: int = 3, margin: float = 1.0) -> set[tuple[str, str]]:
    """(item, date) pairs of items visible in at least `min_session_frames` whole-person frames of one session."""
    counts: dict[tuple[str, str], int] = {}
    for t in truth:
        session = t.get("session")
        if not session:
            continue
        width, height = t.get("width", 0), t.get("height", 0)
        for p in t.get("people", []):
            keypoints = p.get("keypoints")
            if p.get("role") != "owner" or not keypoints:
                continue
            whole = all(keypoints[i][2] > 0 and margin <= keypoints[i][0] <= width - margin
                        and margin <= keypoints[i][1] <= height - margin for i in WHOLE_PERSON_KEYPOINTS)
            if not whole:
                continue
            for g in p.get("garments", []):
                if g.get("visible_pixels", 1) > 0:
                    key = (g["item_id"], session)
                    counts[key] = counts.get(key, 0) + 1
    return {(item, session.split("/")[0]) for (item, session), n in counts.items() if n >= min_session_frames}


def frame_seconds(iso: str) -> float:
    """'2026-03-02T07:15:03.250' (local time, read as UTC as closetd reads file names) -> seconds since 1970."""
    date, time = iso.split("T")
    y, mo, d = (int(v) for v in date.split("-"))
    hh, mm, ss = time.split(":")
    return calendar.timegm((y, mo, d, int(hh), int(mm), 0, 0, 0, 0)) + float(ss)


def iou(a, b) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def overlap_area(a, b) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def mask_pixels_in_box(rle: dict, box) -> int:
    """Set pixels of a COCO-style uncompressed RLE mask ({"size": [h, w], "counts": [...]}: column-major runs, the
    first counting zeros) inside box [x0, y0, x1, y1] (pixel edges, rounded to whole pixels)."""
    height = int(rle["size"][0])
    x0, y0 = max(0, round(box[0])), max(0, round(box[1]))
    x1, y1 = round(box[2]), min(height, round(box[3]))
    total, position, ones = 0, 0, False
    for count in rle["counts"]:
        count = int(count)
        if ones and count > 0:
            start, end = position, position + count  # [start, end) in column-major order
            for column in range(start // height, (end - 1) // height + 1):
                if column < x0 or column >= x1:
                    continue
                low = max(start, column * height) - column * height
                high = min(end, (column + 1) * height) - column * height
                total += max(0, min(high, y1) - max(low, y0))
        position += count
        ones = not ones
    return total


def associate(box, category: str, garments: list[dict]) -> str | None:
    """The true item a built item of `category` whose thumbnail was cropped at `box` shows (see the module's doc)."""
    area = max(1.0, (box[2] - box[0]) * (box[3] - box[1]))
    filling = []
    for g in garments:
        if not g.get("mask"):
            continue
        inside = mask_pixels_in_box(g["mask"], box)
        visible = sum(int(c) for c in g["mask"]["counts"][1::2])
        if inside >= 0.1 * area or (visible > 0 and inside >= 0.5 * visible):
            filling.append((inside / area, g))
    same_class = [(share, g) for share, g in filling if COARSE.get(g["category"]) == COARSE.get(category)]
    if same_class or filling:
        return max(same_class or filling, key=lambda pair: pair[0])[1]["item_id"]
    best, found = 0.0, None
    for g in garments:
        v = iou(box, g["box"])
        if v > best:
            best, found = v, g["item_id"]
    return found


def jpeg_size(path: str):
    """(width, height) from a JPEG's SOF marker, or None when the file is not a JPEG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] != b"\xff\xd8":
        return None
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            i += 1
            continue
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            h, w = struct.unpack(">HH", data[i + 5:i + 9])
            return w, h
        i += 2 + length
    return None


def score(truth: list[dict], true_wears: list[dict], items: list[dict], wears: list[dict],
          provenance: list[dict], state_files: list[str] | None = None, min_session_frames: int = 3) -> Scores:
    """The figures for one scenario (see the module's doc)."""
    s = Scores()
    frames = {round(frame_seconds(t["timestamp"]), 3): t for t in truth if t.get("timestamp")}
    true_pairs = {(w["item_id"], w["date"]) for w in true_wears}
    worn = sorted({w["item_id"] for w in true_wears})
    true_dates: dict[str, set[str]] = {}
    for item_id, date in true_pairs:
        true_dates.setdefault(item_id, set()).add(date)
    true_category: dict[str, str] = {}
    true_colour: dict[str, str] = {}
    for t in truth:
        for p in t.get("people", []):
            if p.get("role") != "owner":
                continue
            for g in p.get("garments", []):
                true_category[g["item_id"]] = g["category"]
                if g.get("colour"):
                    true_colour[g["item_id"]] = g["colour"]
    built_dates: dict[str, set[str]] = {}
    for w in wears:
        for item in w["items"]:
            built_dates.setdefault(item, set()).add(w["date"])

    by_item = {p["item"]: p for p in provenance}
    association: dict[str, str | None] = {}
    for item in items:
        iid = item["id"]
        found = None
        record = by_item.get(iid)
        if record is not None:
            frame = frames.get(round(float(record["frame_time"]), 3))
            if frame is not None:
                # Anyone's head counts: a passer-by's face is no more ours to keep than the owner's.
                for p in frame.get("people", []):
                    head = p.get("head_box")
                    if head is not None and overlap_area(record["box"], head) > 0:
                        s.head_overlaps += 1
                        s.notes.append(
                            f"{iid}: thumbnail crop {record['box']} touches the {p.get('role')}'s head box {head}")
                for p in frame.get("people", []):
                    if p.get("role") == "owner":
                        found = associate(record["box"], item["category"], p.get("garments", []))
        if found is None:
            coarse = COARSE.get(item["category"])
            dates = built_dates.get(iid, set())
            best = 0
            for t in worn:
                if COARSE.get(true_category.get(t, ""), None) != coarse:
                    continue
                common = len(dates & true_dates.get(t, set()))
                if common > best:
                    best, found = common, t
        association[iid] = found
    s.built_items = len(items)
    s.unassociated_items = sum(1 for v in association.values() if v is None)
    # The built items each true item was found to be, in the inventory's order, and whether they carry its labels.
    built_as: dict[str, list[str]] = {}
    for item in items:
        t = association[item["id"]]
        if t is None:
            continue
        built_as.setdefault(t, []).append(item["id"])
        s.labelled_items += 1
        s.category_right += item["category"] == true_category.get(t)
        if t in true_colour and item.get("colour"):
            s.coloured_items += 1
            s.colour_right += item["colour"] == true_colour[t]
    found_items = {t for t in built_as if t in true_dates}
    s.true_worn_items = len(worn)
    s.items_found = len(found_items)
    s.recall = s.items_found / len(worn) if worn else 1.0
    s.duplicates_per_item = (sum(len(built_as[t]) for t in found_items) - len(found_items)) / len(worn) if worn else 0.0

    predicted = set()
    for w in wears:
        for item in w["items"]:
            predicted.add((association.get(item) or f"?{item}", w["date"]))
    category_of = {item["id"]: item["category"] for item in items}

    def tally(category: str, kind: int, count: int = 1) -> None:
        if count:
            s.errors_by_category.setdefault(category, [0, 0, 0])[kind] += count

    def named(true_item: str) -> str:
        built = built_as.get(true_item, [])
        return (f"{true_item} ({true_category.get(true_item, '?')}; built as "
                + (", ".join(f"{b} ({category_of[b]})" for b in built) if built else "nothing") + ")")

    for item, date in sorted(predicted - true_pairs):
        if item.startswith("?"):  # a built item that is nothing true
            tally(category_of.get(item[1:], "?"), 0)
            s.losses.append(f"wrong: {item[1:]} ({category_of.get(item[1:], '?')}, nothing true) logged on {date}")
        else:
            tally(true_category.get(item, "?"), 0)
            s.losses.append(f"wrong: {named(item)} logged on {date}")
    for item, date in sorted(true_pairs - predicted):
        tally(true_category.get(item, "?"), 1)
        s.losses.append(f"missed: {named(item)} on {date}")
    for t in sorted(found_items):
        tally(true_category.get(t, "?"), 2, len(built_as[t]) - 1)
        if len(built_as[t]) > 1:
            s.losses.append(f"split: {named(t)}")
    s.wear_pairs_true = len(true_pairs)
    s.wear_pairs_predicted = len(predicted)
    s.wear_pairs_correct = len(predicted & true_pairs)
    union = len(predicted | true_pairs)
    s.wear_accuracy = s.wear_pairs_correct / union if union else 1.0

    in_view = true_pairs & pairs_in_view(truth, min_session_frames)
    items_in_view = {item for item, _ in in_view}
    s.wear_pairs_in_view, s.items_in_view = len(in_view), len(items_in_view)
    s.items_found_in_view = len(found_items & items_in_view)
    s.recall_in_view = s.items_found_in_view / len(items_in_view) if items_in_view else 1.0
    # Logged pairs that are true but were out of view cannot happen by the rule; they are left out, not counted wrong.
    logged = predicted - (true_pairs - in_view)
    union_in_view = len(logged | in_view)
    s.wear_accuracy_in_view = len(logged & in_view) / union_in_view if union_in_view else 1.0

    if state_files:
        sizes = {(t.get("width"), t.get("height")) for t in truth}
        for path in state_files:
            size = jpeg_size(path) if os.path.getsize(path) > 4 else None
            if size is not None and any(size[0] >= w * 0.9 and size[1] >= h * 0.9 for w, h in sizes if w and h):
                s.frame_sized_files += 1
                s.notes.append(f"{path}: a {size[0]}x{size[1]} image, as large as a frame")
    return s


def labels_text(scores: list[Scores]) -> str:
    """The built items' category and colour name against their true items' (`Scores.labelled_items` and after),
    summed over `scores` (one scenario's, or a sweep's)."""
    def share(right: str, of: str) -> str:
        r, n = sum(getattr(s, right) for s in scores), sum(getattr(s, of) for s in scores)
        return f"{r / n:.3f} ({r}/{n})" if n else "n/a (0/0)"
    return (f"labels (not a bar): category {share('category_right', 'labelled_items')}, "
            f"colour name {share('colour_right', 'coloured_items')} of the built items found to be a true item")


def losses_text(errors: dict[str, list[int]]) -> str:
    """`Scores.errors_by_category` (or such counts summed over scenarios) in a line, the category that lost most
    first."""
    if not any(sum(counts) for counts in errors.values()):
        return "no wrong, missed or extra: nothing lost"
    ranked = sorted(errors.items(), key=lambda kv: (-sum(kv[1]), kv[0]))
    return "lost, by true category (wrong pairs / missed pairs / extra items): " + ", ".join(
        f"{category} {w}/{m}/{e}" for category, (w, m, e) in ranked)


def load_jsonl(path: str) -> list[dict]:
    try:
        with open(path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    except (OSError, json.JSONDecodeError) as e:
        raise ScoreInputError(f"{path}: {e}") from e


def load_json(path: str):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        raise ScoreInputError(f"{path}: {e}") from e


def closetd_json(closetd: str, state: str, *args: str):
    with tempfile.TemporaryDirectory() as folder:  # defaults only: an explicit --config must exist
        config = os.path.join(folder, "closetd.yaml")
        with open(config, "w") as f:
            f.write("device_id: score\n")
        result = subprocess.run([closetd, *args, "--json", "--state", state, "--config", config],
                                capture_output=True, text=True)
    if result.returncode != 0:
        raise ScoreInputError(f"closetd {' '.join(args)} failed ({result.returncode}): {result.stderr.strip()}")
    return json.loads(result.stdout)


def score_state(scenario: str, state: str, closetd: str, min_session_frames: int = 3) -> Scores:
    """The figures for the state folder closetd built from `scenario` (its inventory read through `closetd`)."""
    truth = load_jsonl(os.path.join(scenario, "truth.jsonl"))
    true_wears = load_json(os.path.join(scenario, "wears.json"))
    items = closetd_json(closetd, state, "inventory", "list")
    wears = closetd_json(closetd, state, "inventory", "wears")
    provenance_path = os.path.join(state, "perception", "thumbnails.jsonl")
    provenance = load_jsonl(provenance_path) if os.path.exists(provenance_path) else []
    files = [os.path.join(root, name) for root, _, names in os.walk(state) for name in names]
    return score(truth, true_wears, items, wears, provenance, files, min_session_frames)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", required=True, help="the rendered scenario folder (wears.json, truth.jsonl)")
    parser.add_argument("--state", required=True, help="closetd's state folder after the replay")
    parser.add_argument("--closetd", default=".build/debug/closetd", help="the closetd executable")
    parser.add_argument("--min-recall", type=float, default=0.9)
    parser.add_argument("--max-duplicates", type=float, default=0.1)
    parser.add_argument("--min-wear-accuracy", type=float, default=0.9)
    parser.add_argument("--min-session-frames", type=int, default=3,
                        help="whole-person frames a session needs (closetd's perception.session setting), for the in-view figures")
    args = parser.parse_args(argv)
    try:
        s = score_state(args.scenario, args.state, args.closetd, args.min_session_frames)
    except ScoreInputError as e:
        print(f"score: {e}", file=sys.stderr)
        return 2
    print(f"item_recall={s.recall:.3f} ({s.items_found}/{s.true_worn_items})")
    print(f"duplicates_per_item={s.duplicates_per_item:.3f} (built {s.built_items}, unassociated {s.unassociated_items})")
    precision = s.wear_pairs_correct / s.wear_pairs_predicted if s.wear_pairs_predicted else 1.0
    recall = s.wear_pairs_correct / s.wear_pairs_true if s.wear_pairs_true else 1.0
    print(f"wear_accuracy={s.wear_accuracy:.3f} (correct {s.wear_pairs_correct}, predicted {s.wear_pairs_predicted}, "
          f"true {s.wear_pairs_true}; the bar's figure is correct over the union of predicted and true pairs: of the "
          f"logged pairs {precision:.3f} are right, of the true pairs {recall:.3f} are logged)")
    print(f"in_view (not a bar): item_recall={s.recall_in_view:.3f} ({s.items_found_in_view}/{s.items_in_view}) "
          f"wear_accuracy={s.wear_accuracy_in_view:.3f} ({s.wear_pairs_in_view} of {s.wear_pairs_true} true pairs in view)")
    print(labels_text([s]))
    print(losses_text(s.errors_by_category))
    for line in s.losses:
        print("  " + line)
    print(f"privacy: head_overlaps={s.head_overlaps} frame_sized_files={s.frame_sized_files}")
    for note in s.notes[:20]:
        print("  " + note)
    ok = s.meets_bars(args.min_recall, args.max_duplicates, args.min_wear_accuracy)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
