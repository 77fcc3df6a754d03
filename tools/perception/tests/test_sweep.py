"""The sweep's pieces that need no render or replay: the generator fingerprint, the replay configuration, the
summary tables, the refusal of a seed given both to tune on and as held out."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))

from perception.score import Scores  # noqa: E402
from perception.sweep import (  # noqa: E402
    HELD_OUT_HEADING, config_text, details, errors_line, generator_fingerprint, main, report, summary)


def test_fingerprint_follows_the_generator_sources(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "notes.md").write_text("not a source")
    first = generator_fingerprint(str(tmp_path))
    assert len(first) == 12 and first == generator_fingerprint(str(tmp_path))
    (tmp_path / "notes.md").write_text("changed, still not a source")
    assert generator_fingerprint(str(tmp_path)) == first
    (tmp_path / "a.py").write_text("x = 2\n")
    assert generator_fingerprint(str(tmp_path)) != first
    # The end-to-end test's FNV-1a over name, NUL and bytes: an empty folder is the offset basis.
    empty = tmp_path / "empty"
    empty.mkdir()
    assert generator_fingerprint(str(empty)) == "cbf29ce48422"


def test_config_has_no_broker_and_takes_perception_settings():
    text = config_text("/m", "/s", ["shoe_colour_scale: 72", "max_still_speed: 0.6"])
    assert "models_dir: /m\nstate_dir: /s\nmqtt:\n  port: 1\n" in text
    assert text.endswith("perception:\n  shoe_colour_scale: 72\n  max_still_speed: 0.6\n")
    assert "perception" not in config_text("/m", "/s", [])


def scores(recall, duplicates, wear):
    s = Scores()
    s.recall, s.duplicates_per_item, s.wear_accuracy = recall, duplicates, wear
    return s


def test_summary_counts_seeds_that_meet_every_bar():
    lines = summary([("1", scores(0.95, 0.05, 0.92)), ("2", scores(0.95, 0.15, 0.92)), ("3", scores(0.80, 0.0, 0.70))])
    assert lines[-3].startswith("1 of 3 seeds meet all three bars")
    mean = next(line for line in lines if line.startswith("mean"))
    assert mean.split()[1:4] == ["0.900", "0.067", "0.847"]
    # The bar is inclusive: exactly 0.1 duplicates and 0.9 recall and wear pass; a privacy finding fails the seed.
    assert summary([("4", scores(0.9, 0.1, 0.9))])[-3].startswith("1 of 1 ")
    leaky = scores(0.95, 0.05, 0.92)
    leaky.head_overlaps = 1
    lines = summary([("5", leaky)])
    assert lines[-3].startswith("0 of 1 ") and "PRIVACY: 1 head overlaps" in lines[1]


def test_held_out_seeds_get_a_table_of_their_own():
    tuning = [("1", scores(0.95, 0.05, 0.92))]
    held_out = [("9", scores(0.80, 0.30, 0.60))]
    lines = report([("tuning seeds", tuning), (HELD_OUT_HEADING, held_out)])
    assert lines[0] == "tuning seeds:" and lines.index(HELD_OUT_HEADING + ":") > 1
    # Each table has its own means and count: the held-out seed does not enter the tuning seeds' figures.
    counts = [line for line in lines if "seeds meet all three bars" in line]
    assert counts[0].startswith("1 of 1 ") and counts[1].startswith("0 of 1 ")
    # With no held-out seeds, one table and no headings.
    assert report([("tuning seeds", tuning), (HELD_OUT_HEADING, [])]) == summary(tuning)


def test_a_seed_cannot_be_both_tuned_on_and_held_out(tmp_path, capsys):
    # Refused before anything is rendered or replayed.
    assert main(["--seeds", "3131", "--held-out", "3131", "--work", str(tmp_path), "--closetd", "/nonexistent"]) == 2
    assert "seeds 3131 are given both to tune on and as held out" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_losses_are_summed_over_seeds_by_category_most_first():
    a, b = scores(0.9, 0.1, 0.9), scores(1.0, 0.0, 1.0)
    a.errors_by_category = {"shoes": [2, 3, 0], "coats": [0, 1, 1]}
    b.errors_by_category = {"shoes": [1, 0, 1], "tops": [0, 0, 1]}
    assert errors_line([("1", a), ("2", b)]).endswith(": shoes 3/3/1, coats 0/1/1, tops 0/0/1")
    assert errors_line([("2", scores(1.0, 0.0, 1.0))]).startswith("no wrong")
    assert summary([("1", a)])[-2] == errors_line([("1", a)])


def test_the_labels_are_summed_over_seeds():
    a, b = scores(0.9, 0.1, 0.9), scores(1.0, 0.0, 1.0)
    a.labelled_items, a.category_right, a.coloured_items, a.colour_right = 30, 24, 30, 27
    b.labelled_items, b.category_right, b.coloured_items, b.colour_right = 10, 9, 8, 5
    assert summary([("1", a), ("2", b)])[-1] == (
        "labels (not a bar): category 0.825 (33/40), colour name 0.842 (32/38) of the built items found to be a true "
        "item, over the seeds")


def test_details_list_each_seeds_losses_under_it_in_table_order():
    a, b, c = scores(0.9, 0.1, 0.9), scores(1.0, 0.0, 1.0), scores(0.8, 0.2, 0.7)
    a.losses = ["missed: item-3 (t-shirts; built as nothing) on 2026-03-03"]
    c.losses = ["wrong: i-0009 (coats, nothing true) logged on 2026-03-02", "split: item-2 (jeans; built as i-1, i-2)"]
    assert details([("tuning seeds", [("1", a), ("2", b)]), (HELD_OUT_HEADING, [("9", c)])]) == [
        "seed 1: 1 losses", "  missed: item-3 (t-shirts; built as nothing) on 2026-03-03",
        "seed 2: nothing lost",
        "seed 9: 2 losses", "  wrong: i-0009 (coats, nothing true) logged on 2026-03-02",
        "  split: item-2 (jeans; built as i-1, i-2)"]
