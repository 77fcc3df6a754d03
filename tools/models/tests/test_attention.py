"""The garment network's item attention (nets.item_attention, nets.grow_attention) and float weights rebuilt from
an int8 file (from_int8.py). Needs TensorFlow (the models venv, `make models`); skipped without it."""

from __future__ import annotations

import os
import sys

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow", reason="TensorFlow is only in the models venv (make models)")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import convert  # noqa: E402
import from_int8  # noqa: E402
import nets  # noqa: E402


def _trained_look(model: tf.keras.Model, rng: np.random.Generator) -> None:
    """Weights unlike the initial ones (BN statistics included), small enough that activations stay in range."""
    for layer in model.layers:
        weights = layer.get_weights()
        if weights:
            layer.set_weights([rng.uniform(0.5, 1.5, w.shape).astype(np.float32) if "bn" in layer.name
                               else rng.normal(0, 0.05, w.shape).astype(np.float32) for w in weights])  # fmt: skip


def test_a_model_grows_item_attention_computing_what_it_did():
    rng = np.random.default_rng(11)
    plain, _ = nets.garment_net(None)
    _trained_look(plain, rng)
    deploy, train = nets.garment_net(None, attention=True)
    assert [o.shape[1:] for o in train.outputs] == [(13,), (64,), (12, 12, 1)]
    nets.grow_attention(plain, train)
    x = rng.uniform(0, 255, (3, 96, 96, 3)).astype(np.float32)
    for before, after in zip(plain(x, training=False), train(x, training=False)[:2]):
        assert np.abs(np.asarray(before) - np.asarray(after)).max() <= 1e-4 * float(np.abs(before).max())
    # The attended features are live: the embedding's gradient reaches the rows that read them (zero at first)
    # and the attention map's own logits.
    with tf.GradientTape() as tape:
        _, embedding, _ = train(x, training=True)
        loss = tf.reduce_sum(embedding**2)
    hidden, logits = train.get_layer("reid_hidden").kernel, train.get_layer("attend_logits").kernel
    grad_hidden, grad_logits = tape.gradient(loss, [hidden, logits])
    rows = plain.get_layer("reid_hidden").kernel.shape[0]
    assert float(tf.reduce_max(tf.abs(grad_hidden[rows:]))) > 0.0
    with tf.GradientTape() as tape:  # and the classifier's
        loss = tf.reduce_sum(train(x, training=True)[0] ** 2)
    rows = plain.get_layer("hidden").kernel.shape[0]
    assert float(tf.reduce_max(tf.abs(tape.gradient(loss, train.get_layer("hidden").kernel)[rows:]))) > 0.0
    # Zero rows read the attended features, so the map's logits get no gradient through the embedding yet; the
    # mask loss trains them from the first step.
    assert np.allclose(np.asarray(grad_logits), 0.0)
    with pytest.raises(ValueError, match="not a build of the same network"):
        nets.grow_attention(nets.pose_net(None)[0], train)


def _map_from_logits(train: tf.keras.Model, logits: np.ndarray) -> np.ndarray:
    """The attention map's cell weights for given mask logits [12, 12], through the build's own layers."""
    head = tf.keras.Model(train.get_layer("attend_logits").output, train.get_layer("attend_map").output)
    return np.asarray(head(logits[None, ..., None].astype(np.float32)))[0, ..., 0]


def test_clamped_attention_weighs_every_sure_cell_of_the_item_alike():
    logits = np.full((12, 12), -6.0, np.float32)
    logits[2, 3], logits[7, 8] = 6.0, 3.0  # both "the item" to the mask loss; the rest not
    plain = _map_from_logits(nets.garment_net(None, attention=True)[1], logits)
    clamped = _map_from_logits(nets.garment_net(None, attention=True, clamped=True)[1], logits)
    for cells in (plain, clamped):
        assert np.isclose(cells.sum(), 1.0, atol=1e-5)
    # Plain logits: the surer cell takes e^3 (20x) the other's weight. Clamped: the two weigh alike, and a
    # rejected cell about e^-6 (1/400) of either.
    assert 19.0 < plain[2, 3] / plain[7, 8] < 21.0
    assert np.isclose(clamped[2, 3], clamped[7, 8], rtol=1e-4)
    assert 1 / 410 < clamped[0, 0] / clamped[7, 8] < 1 / 395


def test_clamped_without_attention_is_refused(capsys):
    import train

    with pytest.raises(SystemExit):
        train.main(["garment", "--train", "unused.npz", "--reid", "unused", "--out", "unused", "--clamped"])
    assert "needs --attention" in capsys.readouterr().err


def _reference(tflite: bytes, x: np.ndarray):
    interpreter = tf.lite.Interpreter(model_content=tflite,
                                      experimental_op_resolver_type=tf.lite.experimental.OpResolverType.BUILTIN_REF)  # fmt: skip
    interpreter.allocate_tensors()
    logits, embeddings = [], []
    for image in x:
        interpreter.set_tensor(interpreter.get_input_details()[0]["index"], image[None].astype(np.uint8))
        interpreter.invoke()
        out = {d["name"]: interpreter.get_tensor(d["index"])[0] for d in interpreter.get_output_details()}
        logits.append(out["logits"])
        embeddings.append(out["embedding"])
    return np.stack(logits), np.stack(embeddings)


@pytest.mark.parametrize("build", [{}, {"attention": True, "clamped": True}], ids=["1.2.0", "1.3.0"])
def test_float_weights_rebuilt_from_int8_compute_what_the_int8_model_does(tmp_path, build):
    rng = np.random.default_rng(12)
    model, _ = nets.garment_net(1, **build)
    _trained_look(model, rng)
    pool = rng.uniform(0, 255, (16, 96, 96, 3)).astype(np.float32)
    tflite = convert.name_tensors(convert.convert_int8(model, pool), "image", [("logits", (1, 13)), ("embedding", (1, 64))])
    path = tmp_path / "garment.tflite"
    path.write_bytes(tflite)
    out = tmp_path / "rebuilt.keras"
    flags = ["--attention", "--clamped"] if build else []
    assert from_int8.main(["--task", "garment", "--tflite", str(path), "--out", str(out), *flags]) == 0
    rebuilt = tf.keras.models.load_model(out, compile=False)
    x = rng.uniform(0, 255, (6, 96, 96, 3)).astype(np.float32)
    ref_logits, ref_embeddings = _reference(tflite, x)
    logits, embeddings = (np.asarray(t) for t in rebuilt.predict(x, verbose=0))
    unit = lambda e: e / np.linalg.norm(e, axis=1, keepdims=True)  # noqa: E731
    assert np.min(np.sum(unit(embeddings) * unit(ref_embeddings), 1)) > 0.98
    assert np.abs(logits - ref_logits).max() <= 0.1 * np.abs(ref_logits).max()
    # The rebuild is not the model it came from before conversion: its weights are the int8 file's.
    assert not np.array_equal(rebuilt.get_layer("stem").get_weights()[0], model.get_layer("stem").get_weights()[0])


def test_item_colour_is_the_mean_colour_of_the_cells_the_map_is_sure_of():
    """nets.item_colour_parts: the embedding's colour part is the opponent transform of the mean colour of the item's
    sure cells (mask logit 3 or more); a cell the head rejects adds ~e^-24 of a sure cell's weight, so a bright
    background around a dark item does not lighten it. The posterior part is the class softmax at its start weight."""
    image = tf.keras.Input((96, 96, 3))
    mask = tf.keras.Input((12, 12, 1))
    logits = tf.keras.Input((13,))
    colour, posterior = nets.item_colour_parts(image, mask, logits)
    model = tf.keras.Model([image, mask, logits], [colour, posterior])
    item, background = np.array([40.0, 60.0, 150.0]), np.array([250.0, 250.0, 240.0])
    x = np.tile(background, (1, 96, 96, 1)).astype(np.float32)
    x[:, 16:80, 24:72] = item  # cells 2..9 down, 3..8 across
    m = np.full((1, 12, 12, 1), -6.0, np.float32)
    m[:, 2:10, 3:9] = 3.0 + np.linspace(0, 4, 48).reshape(1, 8, 6, 1)  # every sure cell weighs alike past 3
    z = np.random.default_rng(5).normal(0, 2, (1, 13)).astype(np.float32)
    got_colour, got_posterior = (np.asarray(t)[0] for t in model([x, m, z]))
    assert np.allclose(got_colour, nets.ITEM_COLOUR_START @ item, rtol=1e-4, atol=1e-3)
    expected = nets.CLASS_POSTERIOR_START * np.exp(z[0] - z[0].max()) / np.exp(z[0] - z[0].max()).sum()
    assert np.allclose(got_posterior, expected, rtol=1e-4, atol=1e-5)
    # A cell the head is unsure of (logit 0) counts, e^-12 of a sure one: a whole row of them moves the colour by
    # less than 0.01.
    m[:, 11] = 0.0
    assert np.allclose(np.asarray(model([x, m, z])[0])[0], got_colour, atol=0.01)


def test_a_weight_cap_leaves_an_item_of_enough_sure_cells_alone_and_scales_a_smaller_one():
    """nets.item_colour_parts(weight_cap=...): no cell weighs more than the cap; an item of 48 sure cells (1/48 each)
    keeps its colour under a cap of 0.2, and under 0.01 every one of its cells is capped alike, so only the colour's
    length changes (to 48 x 0.01 of it), not its direction."""
    image, mask, logits = tf.keras.Input((96, 96, 3)), tf.keras.Input((12, 12, 1)), tf.keras.Input((13,))
    build = lambda cap: tf.keras.Model([image, mask, logits], nets.item_colour_parts(image, mask, logits, weight_cap=cap))  # noqa: E731
    rng = np.random.default_rng(8)
    x = rng.uniform(0, 255, (1, 96, 96, 3)).astype(np.float32)
    m = np.full((1, 12, 12, 1), -6.0, np.float32)
    m[:, 2:10, 3:9] = 3.0
    z = rng.normal(0, 2, (1, 13)).astype(np.float32)
    plain, loose, tight = (np.asarray(build(cap)([x, m, z])[0])[0] for cap in (None, 0.2, 0.01))
    assert np.allclose(loose, plain, rtol=1e-5, atol=1e-4)
    assert np.allclose(tight, 0.48 * plain, rtol=1e-3, atol=1e-3)
    # Two sure cells: each would weigh a half; capped at 0.2, the colour is 0.4 of the uncapped one.
    m[:] = -6.0
    m[:, 5, 5:7] = 3.0
    plain, loose = (np.asarray(build(cap)([x, m, z])[0])[0] for cap in (None, 0.2))
    assert np.allclose(loose, 0.4 * plain, rtol=1e-3, atol=1e-3)


def test_calibration_chooses_the_part_scales_that_identify_best():
    """train.choose_scales: on embeddings whose colour part tells the items apart and whose learnt part is mostly
    noise, a larger colour scale wins; with nothing to gain, ties keep the scales nearest 1."""
    import train

    rng = np.random.default_rng(4)
    items = 30
    colours = rng.normal(0, 1, (items, 3))
    entries, rows = [], []
    for day in ("2026-01-01", "2026-01-02", "2026-01-03"):
        for i in range(items):
            entries.append({"item_id": f"item-{i}", "date": day, "category": "tops"})
            learnt = rng.normal(0, 1, 64)
            colour = colours[i] + rng.normal(0, 0.05, 3)
            rows.append(np.concatenate([learnt, colour, np.full(13, 0.1)]))
    embeddings = np.array(rows)
    colour, posterior, best, grid = train.choose_scales([(entries, embeddings)], [1, 2, 4, 8, 16], [1, 2])
    assert colour == 16 and posterior == 1 and best == max(r[2] for r in grid) and best > grid[0][2]
    constant = np.ones_like(embeddings)
    assert train.choose_scales([(entries, constant)], [0.5, 1, 2], [1, 3])[:2] == (1, 1)


def test_an_item_colour_build_grows_from_one_without_it_and_keeps_its_embedding():
    rng = np.random.default_rng(12)
    _, old = nets.garment_net(None, attention=True, clamped=True)
    _trained_look(old, rng)
    _, new = nets.garment_net(None, attention=True, clamped=True, item_colour=True)
    assert [o.shape[1:] for o in new.outputs] == [(13,), (64 + 3 + 13,), (12, 12, 1)]
    nets.grow_item_colour(old, new)
    x = rng.uniform(0, 255, (2, 96, 96, 3)).astype(np.float32)
    before, after = old(x, training=False), new(x, training=False)
    assert np.allclose(np.asarray(before[0]), np.asarray(after[0]), atol=1e-5)
    assert np.allclose(np.asarray(before[1]), np.asarray(after[1])[:, :64], atol=1e-5)
    with pytest.raises(ValueError, match="needs attention"):
        nets.garment_net(None, item_colour=True)
    with pytest.raises(ValueError, match="not a build of the same network"):
        nets.grow_item_colour(nets.pose_net(None)[1], new)


def test_a_conditioned_build_grows_from_one_attention_map_and_gives_each_coarse_class_its_own():
    rng = np.random.default_rng(17)
    _, plain = nets.garment_net(None, attention=True, clamped=True)
    _trained_look(plain, rng)
    deploy, train = nets.garment_net(None, attention=True, clamped=True, conditioned=True)
    assert [o.shape[1:] for o in deploy.outputs] == [(5, 13), (5, 64)]
    assert [o.shape[1:] for o in train.outputs] == [(5, 13), (5, 64), (12, 12, 5)]
    nets.grow_conditioned(plain, train)
    x = rng.uniform(0, 255, (3, 96, 96, 3)).astype(np.float32)
    before, after = plain(x, training=False), train(x, training=False)
    for k in range(5):  # every row starts as the one-map build's outputs
        for old, new in zip(before, after):
            old, new = np.asarray(old), np.asarray(new)
            row = new[:, k] if new.ndim == 3 else new[..., k]
            assert np.abs(old.reshape(row.shape) - row).max() <= 1e-4 * float(np.abs(old).max())
    # Each row reads its own map: a loss on row 1 reaches map 1's head and no other map's.
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(train(x, training=True)[1][:, 1] ** 2)
    heads = [train.get_layer(f"attend_c{k}_logits").kernel for k in range(5)]
    grads = tape.gradient(loss, heads)
    assert grads[1] is not None and float(tf.reduce_max(tf.abs(grads[1]))) > 0.0
    assert all(g is None or float(tf.reduce_max(tf.abs(g))) == 0.0 for k, g in enumerate(grads) if k != 1)
    with pytest.raises(ValueError, match="no item attention"):
        nets.grow_conditioned(nets.garment_net(None)[0], train)
    with pytest.raises(ValueError, match="conditioned needs attention"):
        nets.garment_net(None, conditioned=True)


def test_the_colour_code_of_a_crop_peaks_at_the_prototype_nearest_its_colour():
    rng = np.random.default_rng(5)
    _, train = nets.garment_net(None, attention=True, clamped=True, conditioned=True)
    _trained_look(train, rng)
    lab = nets.fit_lab_mlp()
    prototypes = np.array([[50.0, 0.0, 0.0], [50.0, 60.0, 40.0], [30.0, 10.0, -50.0]])  # grey, red, blue
    model = nets.colour_coded(train, lab, sigma=20.0, gain=1.0, prototypes=prototypes)
    assert [o.shape[1:] for o in model.outputs] == [(5, 13), (5, 67)]
    colours = np.array([[119, 119, 119], [200, 60, 50], [40, 60, 140]], np.float32)  # near each prototype in turn
    x = np.broadcast_to(colours[:, None, None, :], (3, 96, 96, 3)).copy()
    logits, embedding = model.predict(x, verbose=0)
    before = train.predict(x, verbose=0)
    for i in range(3):
        for k in range(5):  # every row: the learnt part as it was, then a code that peaks at the right prototype
            assert np.allclose(embedding[i, k, :64], before[1][i, k], atol=1e-4)
            assert int(np.argmax(embedding[i, k, 64:])) == i
            assert abs(float(embedding[i, k, 64:].sum()) - 1.0) < 1e-4
    assert np.allclose(logits, before[0], atol=1e-4)
    # With the learnt part scaled to unit length (garment 1.6.0): the same code after it, and one L2_NORMALIZATION
    # per row in the int8 file.
    unit = nets.colour_coded(train, lab, sigma=20.0, gain=1.0, prototypes=prototypes, unit_learnt=True)
    unit_embedding = unit.predict(x, verbose=0)[1]
    learnt = before[1] / np.linalg.norm(before[1], axis=-1, keepdims=True)
    assert np.allclose(unit_embedding[..., :64], learnt, atol=1e-4)
    assert np.allclose(unit_embedding[..., 64:], embedding[..., 64:], atol=1e-5)
    assert convert.op_counts(convert.convert_int8(unit, x.astype(np.uint8))).get("L2_NORMALIZATION") == 5
    # The fitted network gives CIELAB within a few units over the sRGB cube (it also divides out the weights' sum).
    c = rng.uniform(0, 255, (500, 3))
    w = rng.uniform(0.17, 1.1, (500, 1))  # a cell's weight is capped at 0.2: a sum below it cannot happen
    h = np.concatenate([w * c / 255.0, w], 1)
    for i in range(3):
        h = h @ lab[2 * i] + lab[2 * i + 1]
        h = np.maximum(h, 0.0) if i < 2 else h
    assert np.median(np.linalg.norm(h - nets.srgb_to_lab(c), axis=1)) < 3.0


def test_the_converted_outputs_are_named_with_the_builds_own_shapes():
    import train

    deploy, _ = nets.garment_net(1, attention=True, clamped=True, item_colour=True)
    assert train.contract_outputs("garment", deploy) == [("logits", (1, 13)), ("embedding", (1, 80))]
    assert train.contract_outputs("garment", nets.garment_net(1)[0])[1] == ("embedding", (1, 64))
    conditioned, _ = nets.garment_net(1, attention=True, clamped=True, conditioned=True)
    assert train.contract_outputs("garment", conditioned) == [("logits", (1, 5, 13)), ("embedding", (1, 5, 64))]
    with pytest.raises(ValueError, match="outputs"):
        train.contract_outputs("pose", deploy)


def test_the_manifest_takes_each_outputs_shape_from_the_model_file():
    import make_manifest

    deploy, _ = nets.garment_net(1, attention=True, clamped=True, item_colour=True)
    rng = np.random.default_rng(3)
    tflite = convert.name_tensors(convert.convert_int8(deploy, rng.uniform(0, 255, (8, 96, 96, 3)).astype(np.float32)),
                                  "image", [("logits", (1, 13)), ("embedding", (1, 80))])  # fmt: skip
    shapes = convert.output_shapes(tflite)
    assert shapes == {"logits": [1, 13], "embedding": [1, 80]}
    assert convert.input_shape(tflite) == [1, 96, 96, 3]
    outputs = make_manifest.contract_outputs("garment", make_manifest.CONTRACTS["garment"]["outputs"], shapes)
    assert [o["shape"] for o in outputs] == [[1, 13], [1, 80]] and outputs[1]["name"] == "embedding"
    conditioned = make_manifest.contract_outputs("garment", make_manifest.CONTRACTS["garment"]["outputs"],
                                                 {"logits": [1, 5, 13], "embedding": [1, 5, 64]})
    assert all("a row per coarse class" in o["meaning"] for o in conditioned)
    assert all("row" not in o["meaning"] for o in outputs)
    with pytest.raises(SystemExit, match="no output named embedding"):
        make_manifest.contract_outputs("garment", make_manifest.CONTRACTS["garment"]["outputs"], {"logits": [1, 13]})


def test_a_build_of_another_input_side_starts_from_a_trained_one():
    rng = np.random.default_rng(21)
    old, _ = nets.garment_net(None, attention=True, clamped=True, item_colour=True)
    _trained_look(old, rng)
    new, _ = nets.garment_net(None, attention=True, clamped=True, item_colour=True, size=128)
    assert new.inputs[0].shape[1:] == (128, 128, 3) and new.outputs[1].shape[1:] == (80,)
    nets.resize_into(old, new)
    for name in ("stem", "hidden", "logits", "reid_embedding", "attend_logits"):
        for a, b in zip(old.get_layer(name).get_weights(), new.get_layer(name).get_weights(), strict=True):
            assert np.array_equal(a, b), name
    # Each learned pool weighs the same total over its larger map, and the same regions.
    for name in ("reid_pool6", "reid_pool12", "reid_pool24", "reid_pool_colour"):
        a, b = old.get_layer(name).get_weights()[0], new.get_layer(name).get_weights()[0]
        assert b.shape[0] == a.shape[0] * 4 // 3
        assert np.allclose(a.sum(axis=(0, 1)), b.sum(axis=(0, 1)), atol=1e-5), name
        half_a, half_b = a[: a.shape[0] // 2].sum(axis=(0, 1)), b[: b.shape[0] // 2].sum(axis=(0, 1))
        assert np.corrcoef(half_a.ravel(), half_b.ravel())[0, 1] > 0.9, name
    # The item's colour is a mean: a crop of one colour gives the same colour part at both sides (it would be
    # 256 / 144 times too large without the transform's rescaling).
    flat = lambda side: np.broadcast_to(np.float32([180, 60, 40]), (1, side, side, 3))  # noqa: E731
    before = np.asarray(old(flat(96), training=False)[1])[0, 64:67]
    after = np.asarray(new(flat(128), training=False)[1])[0, 64:67]
    assert np.allclose(before, after, rtol=1e-3, atol=1e-3), (before, after)
    with pytest.raises(ValueError, match="multiple of 16"):
        nets.garment_net(None, size=100)
    with pytest.raises(ValueError, match="not a build of the same network"):
        nets.resize_into(nets.pose_net(None)[1], new)


def test_the_manifest_writes_each_models_input_from_its_file(tmp_path):
    import json
    import shutil

    import make_manifest

    committed = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "models-int8")
    trained = tmp_path / "trained"
    trained.mkdir()
    for task in ("pose", "detector", "garment"):
        shutil.copyfile(os.path.join(committed, f"{task}.tflite"), trained / f"{task}.tflite")
        (trained / f"{task}.train.json").write_text(json.dumps({
            "macs": 1, "ops": [], "seed": 1, "epochs": 1, "batch": 1, "lr": 0.1, "train": "t.npz", "reid": [],
            "seconds": 1.0, "history": []}))  # fmt: skip
    (tmp_path / "metrics.json").write_text(json.dumps({"heldout": "h", "pose_pck@0.2": 0.9, "detector_map@0.5": 0.8,
                                                       "classifier_top1": 0.85, "reid_top1": 0.9}))  # fmt: skip
    metrics = str(tmp_path / "metrics.json")
    assert make_manifest.main(["--models", str(trained), "--float", metrics, "--int8", metrics, "--out", str(tmp_path / "out")]) == 0
    written = {m["name"]: m for m in json.loads((tmp_path / "out" / "manifest.json").read_text())["models"]}
    with open(os.path.join(committed, "manifest.json")) as f:
        shipped = {m["name"]: m for m in json.load(f)["models"]}
    for task in ("pose", "detector", "garment"):
        assert written[task]["input"] == shipped[task]["input"], task
        assert [o["shape"] for o in written[task]["outputs"]] == [o["shape"] for o in shipped[task]["outputs"]], task
    # Versions and hand-kept provenance are the releases file's; the run's own record gives the rest.
    with open(make_manifest.RELEASES) as f:
        releases = json.load(f)
    for task in ("pose", "detector", "garment"):
        assert written[task]["version"] == releases[task]["version"], task
        assert written[task]["provenance"]["seed"] == 1 and written[task]["provenance"]["learning_rate"] == 0.1
    assert written["garment"]["provenance"]["runs"] == releases["garment"]["provenance"]["runs"]

    # --only rewrites the models named and keeps the others' entries as they were.
    out = tmp_path / "out"
    before = json.loads((out / "manifest.json").read_text())["models"]
    (trained / "pose.train.json").write_text((trained / "pose.train.json").read_text().replace('"seed": 1', '"seed": 5'))
    (trained / "garment.train.json").write_text(json.dumps({
        "macs": 2, "ops": ["X"], "seed": 7, "lr": 0.2, "train": "t.npz", "reid": ["reid-1", "reid-2"], "seconds": 2.0,
        "resumed_from": "g.keras", "photometric": True, "history": [{"loss": 1.0, "val_reid_top1": 0.5}]}))  # fmt: skip
    (tmp_path / "releases.json").write_text(json.dumps({**releases, "garment": {
        "version": "9.8.7", "provenance": {"resumed_from": "an earlier release", "final_losses": None}}}))  # fmt: skip
    (tmp_path / "commands.json").write_text(json.dumps({"heldout": "render A", "reid_heldout": "render B"}))
    assert make_manifest.main(["--models", str(trained), "--float", metrics, "--int8", metrics, "--out", str(out),
                               "--only", "garment", "--releases", str(tmp_path / "releases.json"),
                               "--data-commands", str(tmp_path / "commands.json")]) == 0  # fmt: skip
    after = json.loads((out / "manifest.json").read_text())["models"]
    assert after[:2] == before[:2]
    garment = after[2]
    assert garment["version"] == "9.8.7" and garment["macs"] == 2 and garment["provenance"]["seed"] == 7
    assert garment["provenance"]["resumed_from"] == "an earlier release"
    assert garment["heldout_metrics"]["set"] == "render A (+ render B for re-id)" and after[0]["heldout_metrics"]["set"] == "h"
    assert garment["provenance"]["options"] == {"photometric": True} and "final_losses" not in garment["provenance"]
    assert make_manifest.run_record(json.loads((trained / "garment.train.json").read_text()), "g11") == {
        "out": "g11", "seed": 7, "learning_rate": 0.2, "training_seconds": 2.0, "resumed_from": "g.keras",
        "reid_folders": "reid-1..reid-2 (2 folders)", "validation_reid_top1_per_epoch": [0.5],
        "final_losses": {"loss": 1.0, "val_reid_top1": 0.5}}  # fmt: skip
    # A run on folders with a gap names both runs of them, not one range over the gap.
    assert make_manifest.folder_ranges(["reid-318", "reid-319", "reid-320", "reid-352", "reid-353"]) == "reid-318..reid-320 and reid-352..reid-353"
    assert make_manifest.folder_ranges(["a-1", "b-2", "b-3", "c", "b-4"]) == "a-1, b-2..b-3, c and b-4"
    (tmp_path / "releases.json").write_text(json.dumps({"pose": {"version": "1"}}))
    with pytest.raises(SystemExit, match="no version X.Y.Z for pose"):
        make_manifest.main(["--models", str(trained), "--float", metrics, "--int8", metrics, "--out", str(out),
                            "--releases", str(tmp_path / "releases.json")])  # fmt: skip


def _concatenated_attended(tflite: bytes, x: np.ndarray) -> np.ndarray:
    """The attended features of condition 0 as the embedding's concatenation reads them in int8 (dequantized): the
    last input of the CONCATENATION that writes reid_features_c0, over the crops x."""
    interpreter = tf.lite.Interpreter(model_content=tflite, experimental_preserve_all_tensors=True,
                                      experimental_op_resolver_type=tf.lite.experimental.OpResolverType.BUILTIN_REF)  # fmt: skip
    interpreter.allocate_tensors()
    tensors = {d["index"]: d for d in interpreter.get_tensor_details()}
    concat = [op for op in interpreter._get_ops_details() if op["op_name"] == "CONCATENATION"
              and "reid_features_c0" in tensors[op["outputs"][0]]["name"]]  # fmt: skip
    assert len(concat) == 1
    read = tensors[concat[0]["inputs"][-1]]
    scale, zero = read["quantization"]
    rows = []
    for image in x:
        interpreter.set_tensor(interpreter.get_input_details()[0]["index"], image[None].astype(np.uint8))
        interpreter.invoke()
        rows.append((interpreter.get_tensor(read["index"])[0].astype(np.float32) - zero) * scale)
    return np.stack(rows)


def test_the_attended_gains_keep_the_float_model_and_let_int8_keep_the_attended_features():
    rng = np.random.default_rng(29)
    plain_deploy, plain = nets.garment_net(1, attention=True, clamped=True, conditioned=True)
    _trained_look(plain, rng)
    # The spatial pools as wide as a trained build's (their kernels sum to ~1 per channel, values of several units):
    # they set the embedding concatenation's int8 range.
    for name in ("reid_pool6", "reid_pool12", "reid_pool24", "reid_pool_colour"):
        layer = plain.get_layer(name)
        layer.set_weights([w * 40.0 for w in layer.get_weights()])
    deploy, train = nets.garment_net(1, attention=True, clamped=True, conditioned=True, attended_gain=True)
    nets.gain_attended(plain, train)
    x = rng.uniform(0, 255, (8, 96, 96, 3)).astype(np.float32)
    for before, after in zip(plain_deploy.predict(x, batch_size=1, verbose=0), deploy.predict(x, batch_size=1, verbose=0)):
        assert np.abs(before - after).max() <= 1e-4 * float(np.abs(before).max())
    attended = tf.keras.Model(plain.inputs, plain.get_layer("attend_c0_pool").output).predict(x, batch_size=1, verbose=0)
    pool = rng.uniform(0, 255, (16, 96, 96, 3)).astype(np.float32)
    error = lambda got, want: float(np.linalg.norm(got - want) / np.linalg.norm(want))  # noqa: E731
    without = _concatenated_attended(convert.convert_int8(plain_deploy, pool), x)
    gain = deploy.get_layer("attend_c0_gain_reid").scale
    assert gain == nets.ATTENDED_GAINS["reid"] * 12 * 12  # times the cells of the 12 x 12 map
    kept = _concatenated_attended(convert.convert_int8(deploy, pool), x) / gain
    # Without the gains int8 rounds every attended feature to nothing; with them they carry only the rounding the
    # rest of an untrained-looking int8 network brings (0.14 at this seed).
    assert error(without, attended) > 0.99
    assert error(kept, attended) < 0.3
    with pytest.raises(ValueError, match="already has the gains"):
        nets.gain_attended(train, train)


def test_fake_quantization_rounds_relu6_outputs_in_training_only():
    rng = np.random.default_rng(31)
    _, plain = nets.garment_net(None, attention=True, clamped=True, conditioned=True)
    _trained_look(plain, rng)
    _, rounded = nets.garment_net(None, attention=True, clamped=True, conditioned=True, fake_quant=True)
    for layer in rounded.layers:
        if layer.get_weights():
            layer.set_weights(plain.get_layer(layer.name).get_weights())
    x = rng.uniform(0, 255, (4, 96, 96, 3)).astype(np.float32)
    for before, after in zip(plain.predict(x, verbose=0), rounded.predict(x, verbose=0)):
        assert np.array_equal(before, after)  # the deploy model is the same
    probe = tf.keras.Model(rounded.inputs, [rounded.get_layer("b24b_pw_relu_fq").output, rounded.get_layer("b24b_pw_relu").output])
    kept, raw = (np.asarray(t) for t in probe(x, training=True))
    steps = kept / (6.0 / 255.0)
    assert np.abs(steps - np.round(steps)).max() < 1e-3  # on int8's grid over 0..6
    assert np.abs(kept - raw).max() <= 6.0 / 255.0 / 2 + 1e-6 and not np.array_equal(kept, raw)


def test_train_gain_rebuilds_a_colour_coded_build_with_the_gains_and_converts_it(tmp_path):
    import json
    import subprocess

    from PIL import Image

    rng = np.random.default_rng(37)
    _, conditioned = nets.garment_net(None, attention=True, clamped=True, conditioned=True, size=32)
    _trained_look(conditioned, rng)
    coded = nets.colour_coded(conditioned, nets.fit_lab_mlp(samples=20_000), 20.0, 4.75, unit_learnt=True)
    run = tmp_path / "garment14"
    run.mkdir()
    coded.save(run / "garment.keras")
    (run / "garment.train.json").write_text(json.dumps({"task": "garment", "colour_code": {"sigma": 20.0, "gain": 4.75, "learnt": "unit"}}))
    folder = tmp_path / "reid-val"
    os.makedirs(folder / "crops")
    lines = []
    for item in ("item-001", "item-002", "item-003"):
        for day in ("d1", "d2"):
            Image.fromarray(rng.integers(0, 256, (40, 30, 3), np.uint8)).save(folder / "crops" / f"{item}-{day}.jpg")
            lines.append({"file": f"crops/{item}-{day}.jpg", "item_id": item, "category": "t-shirts", "date": day})
    (folder / "crops.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    np.savez(tmp_path / "cache.npz", x=rng.integers(0, 256, (12, 32, 32, 3), np.uint8))
    out = tmp_path / "garment15"
    # A process of its own: train.py sets TensorFlow's threads, which this one has already started.
    script = os.path.join(os.path.dirname(__file__), "..", "train.py")
    gain = lambda *args: subprocess.run([sys.executable, script, *args], capture_output=True, text=True)  # noqa: E731
    argv = ["gain", "--model", str(run / "garment.keras"), "--train", str(tmp_path / "cache.npz"), "--val-reid", str(folder),
            "--out", str(out), "--threads", "1"]  # fmt: skip
    done = gain(*argv)
    assert done.returncode == 0, done.stderr[-2000:]
    rebuilt = tf.keras.models.load_model(out / "garment.keras", compile=False)
    assert "attend_c0_gain_reid" in {layer.name for layer in rebuilt.layers}
    x = rng.uniform(0, 255, (3, 32, 32, 3)).astype(np.float32)
    for before, after in zip(coded.predict(x, verbose=0), rebuilt.predict(x, verbose=0)):
        assert np.abs(before - after).max() <= 1e-4 * float(np.abs(before).max())
    record = json.loads((out / "garment.train.json").read_text())
    assert record["attended_gain"]["gains"] == nets.ATTENDED_GAINS and record["attended_gain"]["model"] == "garment14"
    assert (out / "garment.tflite").stat().st_size > 0
    again = gain(*argv[:2], str(out / "garment.keras"), *argv[3:-4], "--out", str(tmp_path / "again"))
    assert again.returncode != 0 and "already has the attended gains" in again.stderr
    conditioned.save(tmp_path / "plain.keras")
    plain = gain(*argv[:2], str(tmp_path / "plain.keras"), *argv[3:-4], "--out", str(tmp_path / "again"))
    assert plain.returncode != 0 and "not a colour-coded conditioned garment build" in plain.stderr
    assert not (tmp_path / "again").exists()
