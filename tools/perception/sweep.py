#!/usr/bin/env python3
"""Replays several rendered scenarios through closetd and scores each against issue 7's bars.

The end-to-end test scores one scenario (seed 4242); a change that helps it can hurt others. This renders the
scenarios of the given seeds with the end-to-end test's command (40 items, 14 mornings; about 3 minutes each on the
2-core build machine, kept under .build/perception-e2e/ with the same generator fingerprint as the test, so a
changed generator renders them again), replays each with `closetd run --replay` on a fresh state folder, scores it
with score.py, and prints one row per seed, the means, how many seeds meet all three bars, and where they lost
(per true category: wrong logged pairs / missed true pairs / extra items, summed over the seeds).

    tools/perception/sweep.py --closetd .build/release/closetd --seeds 4242 5151 6262
    tools/perception/sweep.py --perception 'shoe_colour_scale: 72'   # the same with a perception setting changed
    tools/perception/sweep.py --details   # and each seed's wrong, missed and split items, one line each

The default seeds are the ones perception's rules and thresholds have been tuned on, session after session. The
held-out seeds (`--held-out`; by default 3131 and 7777, first rendered on 2026-11-24, 4646 and 8989, first
rendered on 2026-11-25, and 1212 and 5656, first rendered on 2026-11-26) are scored in a table of their own: a rule
that helps only the tuning seeds shows there. Tune nothing on them; when they have been used up, pick new ones.

Exit status: 0 when every seed meets every bar, 1 when one does not, 2 when a render, replay or score failed.
Not part of `make test` (`make perception-sweep` runs it).
"""

import argparse
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import score as S  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def generator_fingerprint(generator: str) -> str:
    """FNV-1a (64 bits) over the generator's .py files (name, NUL, bytes), as the end-to-end test computes it."""
    h = 0xCBF29CE484222325
    for name in sorted(n for n in os.listdir(generator) if n.endswith(".py")):
        with open(os.path.join(generator, name), "rb") as f:
            data = name.encode() + b"\0" + f.read()
        for byte in data:
            h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return format(h, "x")[:12]


def config_text(models: str, state: str, perception_lines: list[str]) -> str:
    """The replay's configuration: the models, a state folder, no broker (port 1 refuses at once), and any
    perception settings given."""
    text = f"log_level: warning\nmodels_dir: {models}\nstate_dir: {state}\nmqtt:\n  port: 1\n"
    if perception_lines:
        text += "perception:\n" + "".join(f"  {line}\n" for line in perception_lines)
    return text


def summary(rows: list[tuple[str, S.Scores]]) -> list[str]:
    """The table: a row per seed, then the means and the count of seeds that meet all three bars (with no privacy
    finding: `Scores.meets_bars`)."""
    lines = ["seed   recall  duplicates  wear   | in view: recall  wear  (true pairs in view)"]
    for seed, s in rows:
        privacy = "" if s.head_overlaps == 0 and s.frame_sized_files == 0 else \
            f"  PRIVACY: {s.head_overlaps} head overlaps, {s.frame_sized_files} frame-sized files"
        lines.append(f"{seed:<6} {s.recall:6.3f}  {s.duplicates_per_item:10.3f}  {s.wear_accuracy:5.3f}  | "
                     f"{s.recall_in_view:15.3f}  {s.wear_accuracy_in_view:5.3f}  ({s.wear_pairs_in_view}/{s.wear_pairs_true})"
                     + privacy)
    if rows:
        n = len(rows)
        mean = lambda f: sum(f(s) for _, s in rows) / n  # noqa: E731
        lines.append(f"{'mean':<6} {mean(lambda s: s.recall):6.3f}  {mean(lambda s: s.duplicates_per_item):10.3f}  "
                     f"{mean(lambda s: s.wear_accuracy):5.3f}  | {mean(lambda s: s.recall_in_view):15.3f}  "
                     f"{mean(lambda s: s.wear_accuracy_in_view):5.3f}")
        passed = sum(1 for _, s in rows if s.meets_bars())
        lines.append(f"{passed} of {n} seeds meet all three bars (recall >= 0.9, duplicates <= 0.1, wear accuracy "
                     f">= 0.9) with no privacy finding")
        lines.append(errors_line(rows))
        lines.append(S.labels_text([s for _, s in rows]) + ", over the seeds")
    return lines


def errors_line(rows: list[tuple[str, S.Scores]]) -> str:
    """Where the seeds lost, summed over them (`score.losses_text`)."""
    total: dict[str, list[int]] = {}
    for _, s in rows:
        for category, counts in s.errors_by_category.items():
            total[category] = [a + b for a, b in zip(total.get(category, [0, 0, 0]), counts)]
    return S.losses_text(total)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", nargs="+", default=["4242", "5151", "6262", "7373", "8484", "9595", "1357", "2468"])
    parser.add_argument("--held-out", nargs="*", default=["3131", "7777", "4646", "8989", "1212", "5656"],
                        help="seeds scored in a table of their own, never to be tuned on (none: --held-out)")
    parser.add_argument("--closetd", default=os.path.join(ROOT, ".build/release/closetd"))
    parser.add_argument("--models", default=os.path.join(ROOT, "models-int8"))
    parser.add_argument("--work", default=os.path.join(ROOT, ".build/perception-e2e"),
                        help="where scenarios are rendered and replayed")
    parser.add_argument("--perception", action="append", default=[], metavar="'KEY: VALUE'",
                        help="a perception setting for the replays (repeatable)")
    parser.add_argument("--details", action="store_true",
                        help="after the tables, each seed's wrong, missed and split items (Scores.losses)")
    args = parser.parse_args(argv)
    both = sorted(set(args.seeds) & set(args.held_out))
    if both:
        print(f"sweep: seeds {' '.join(both)} are given both to tune on and as held out", file=sys.stderr)
        return 2
    fingerprint = generator_fingerprint(os.path.join(ROOT, "tools/scenegen"))
    tables = []
    for heading, seeds in (("tuning seeds", args.seeds), (HELD_OUT_HEADING, args.held_out)):
        rows = []
        for seed in seeds:
            scores = replay_and_score(seed, args, fingerprint)
            if scores is None:
                return 2
            rows.append((seed, scores))
        tables.append((heading, rows))
    print("\n".join(report(tables)))
    if args.details:
        print("\n".join(details(tables)))
    return 0 if all(s.meets_bars() for _, rows in tables for _, s in rows) else 1


HELD_OUT_HEADING = "held-out seeds (never tuned on)"


def report(tables: list[tuple[str, list[tuple[str, S.Scores]]]]) -> list[str]:
    """Each non-empty table's summary, under its heading when there is more than one."""
    shown = [(heading, rows) for heading, rows in tables if rows]
    lines = []
    for heading, rows in shown:
        if len(shown) > 1:
            lines.append(heading + ":")
        lines.extend(summary(rows))
    return lines


def details(tables: list[tuple[str, list[tuple[str, S.Scores]]]]) -> list[str]:
    """Per seed, what it lost: a line per wrong pair, missed pair and split item (`Scores.losses`)."""
    lines = []
    for _, rows in tables:
        for seed, s in rows:
            lines.append(f"seed {seed}: " + ("nothing lost" if not s.losses else f"{len(s.losses)} losses"))
            lines.extend("  " + line for line in s.losses)
    return lines


def replay_and_score(seed: str, args: argparse.Namespace, fingerprint: str) -> S.Scores | None:
    """Renders the seed's scenario if missing, replays it on a fresh state folder and scores it; None (after saying
    why) when a step failed."""
    scenario = os.path.join(args.work, f"seed-{seed}-{fingerprint}")
    if not os.path.exists(os.path.join(scenario, "wears.json")):
        shutil.rmtree(scenario, ignore_errors=True)
        print(f"rendering seed {seed} into {scenario} ...", file=sys.stderr, flush=True)
        rendered = subprocess.run(
            [sys.executable, os.path.join(ROOT, "tools/scenegen/render.py"), "scenario", "--seed", seed,
             "--closet-items", "40", "--mornings", "14", "--out", scenario], capture_output=True, text=True)
        if rendered.returncode != 0:
            print(f"sweep: rendering seed {seed} failed: {rendered.stderr.strip()[-2000:]}", file=sys.stderr)
            return None
    run = os.path.join(args.work, f"sweep-{seed}")
    shutil.rmtree(run, ignore_errors=True)
    os.makedirs(run)
    config = os.path.join(run, "closetd.yaml")
    with open(config, "w") as f:
        f.write(config_text(os.path.abspath(args.models), os.path.join(run, "state"), args.perception))
    replay = subprocess.run([args.closetd, "run", "--replay", "--source", os.path.join(scenario, "frames"),
                             "--config", config], capture_output=True, text=True)
    if replay.returncode != 0:
        print(f"sweep: replay of seed {seed} failed ({replay.returncode}): {replay.stderr.strip()[-2000:]}",
              file=sys.stderr)
        return None
    try:
        scores = S.score_state(scenario, os.path.join(run, "state"), args.closetd)
    except S.ScoreInputError as e:
        print(f"sweep: scoring seed {seed}: {e}", file=sys.stderr)
        return None
    print(f"seed {seed} scored", file=sys.stderr, flush=True)
    return scores


if __name__ == "__main__":
    sys.exit(main())
