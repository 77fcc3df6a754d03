#!/usr/bin/env python3
"""Trains closetd's three models and converts them to full-integer int8 .tflite.

  train.py prepare --source scenegen --data DIR --out CACHE.npz --task pose|detector|garment [--limit N]
  train.py pose     --train CACHE.npz --out DIR [--epochs E] [--seed S]
  train.py detector --train CACHE.npz --out DIR [--epochs E] [--seed S]
  train.py garment  --train CACHE.npz [--reid DIR ...] --out DIR [--epochs E] [--seed S]
  train.py calibrate --model DIR/garment.keras --train CACHE.npz --val-reid DIR ... --out DIR [--weight-cap C]
  train.py gain --model DIR/garment.keras --train CACHE.npz --val-reid DIR ... --out DIR

`prepare` turns samples (the generator's labels.jsonl, or DeepFashion / DeepFashion2 / COCO keypoints through
scenegen's readers: --source deepfashion|deepfashion2|coco --data ANNOTATIONS [--images ROOT]) into arrays in
the models' input contracts. Training writes DIR/<task>.keras (float), DIR/<task>.tflite (int8) and
DIR/<task>.train.json (arguments, seed, epochs, losses, time).

`calibrate` takes a trained garment model with the item-colour parts and, without training: caps the colour's cell
weights (nets.item_colour_parts: the int8 colour then follows the float one), and scales the colour part and the
class posterior of the embedding by the factors, from a grid, that give the best mean re-identification top-1 on
the validation folders (never the held-out ones); then converts it as training does.

`gain` takes a colour-coded conditioned garment build and scales its attended features up before their
concatenations, dividing the dense rows that read them by the same (nets.ATTENDED_GAINS): the float model computes
what it did, and int8 no longer rounds those features to zero. Then converts it as training does.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import data as D  # noqa: E402
from evaluate import OUTPUT_NAMES, by_condition  # noqa: E402


def contract_outputs(task: str, deploy) -> list[tuple[str, tuple[int, ...]]]:
    """The contract's output names (models-int8/README.md), in order, each with the shape of that output of
    `deploy` (a batch-1 build; a garment embedding may be wider than 64)."""
    names = OUTPUT_NAMES[task]
    shapes = [tuple(int(d) for d in out.shape) for out in deploy.outputs]
    if len(shapes) != len(names):
        raise ValueError(f"{task}: the model has {len(shapes)} outputs, the contract {len(names)}")
    return list(zip(names, shapes))


def prepare(args) -> None:
    samples = D.read_source(args.source, args.data, args.images)
    if args.limit:
        samples = samples[: args.limit]
    rng = np.random.default_rng(args.seed)
    arrays: dict[str, list] = {}

    def add(**values):
        for key, value in values.items():
            arrays.setdefault(key, []).append(value)

    for index, sample in enumerate(samples):
        image = D.load_image(sample)
        if args.task == "pose":
            x, points, vis = D.pose_example(sample, image)
            add(x=x, points=points, vis=vis)
        elif args.task == "detector":
            boxes = D.detector_boxes(sample, image.shape)
            heat, ltrb, weight = D.detector_targets(boxes)
            add(x=D.fit_image(image, D.DETECTOR_WIDTH, D.DETECTOR_HEIGHT), heat=heat, ltrb=ltrb, weight=weight)
        else:
            for crop, label, _item in D.garment_examples(sample, image, rng if args.jitter else None, size=args.garment_size):
                add(x=crop, label=label)
        if (index + 1) % 500 == 0:
            print(f"prepare: {index + 1}/{len(samples)}", file=sys.stderr)
    if not arrays:
        raise SystemExit(f"prepare: no {args.task} examples in {args.data}")
    np.savez(args.out, **{k: np.stack(v) for k, v in arrays.items()})
    print(f"prepare: {len(arrays['x'])} {args.task} examples -> {args.out}", file=sys.stderr)


def _schedule(tf, steps: int, lr: float):
    return tf.keras.optimizers.schedules.CosineDecay(lr, steps, alpha=0.02, warmup_target=None)


def garment_caches(paths: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The crops and labels of one or more prepared garment caches, in order (renders of several seeds, each
    prepared on its own); they must share the crops' side."""
    xs, labels = [], []
    for path in paths:
        with np.load(path) as cache:
            xs.append(cache["x"])
            labels.append(cache["label"])
    if len({x.shape[1:] for x in xs}) > 1:
        shapes = ", ".join(f"{path} {x.shape[1:]}" for path, x in zip(paths, xs))
        raise SystemExit(f"garment: the caches' crops differ in shape: {shapes}")
    return np.concatenate(xs), np.concatenate(labels)


def _one_cache(args) -> str:
    if len(args.train) != 1:
        raise SystemExit(f"{args.task}: one --train cache, not {len(args.train)}")
    return args.train[0]


def train_pose(args, tf, nets):
    cache = np.load(_one_cache(args))
    x, points, vis = cache["x"], cache["points"], cache["vis"].astype(np.float32)
    _, model = nets.pose_net(None)
    if args.resume:
        _resume(tf, model, args.resume)
    n, batch = len(x), args.batch
    steps = args.epochs * (n // batch)
    opt = tf.keras.optimizers.Adam(_schedule(tf, steps, args.lr))
    rows, cols = np.mgrid[0:24, 0:24]
    cy, cx = tf.constant(((rows + 0.5) / 24).reshape(-1), tf.float32), tf.constant(((cols + 0.5) / 24).reshape(-1), tf.float32)

    @tf.function
    def step(images, pts, v):
        labelled = tf.cast(v >= 1, tf.float32)  # [B, 17]
        score_target = tf.where(v >= 2, 1.0, tf.where(v >= 1, 0.5, 0.0))
        # Target distribution: a Gaussian of sigma 1 cell around the keypoint.
        d2 = (cy[None, None] - pts[..., 0:1]) ** 2 + (cx[None, None] - pts[..., 1:2]) ** 2
        target = tf.exp(-d2 * (24.0 * 24.0) / 2.0)
        target = target / (tf.reduce_sum(target, -1, keepdims=True) + 1e-9)
        with tf.GradientTape() as tape:
            out, logits, presence = model(images, training=True)
            yx = out[:, 0, :, 0:2]
            denominator = tf.reduce_sum(labelled) + 1.0
            coord = tf.reduce_sum(tf.reduce_sum(tf.abs(yx - pts), -1) * labelled) / denominator
            ce = -tf.reduce_sum(target * tf.nn.log_softmax(logits, -1), -1)
            heat = tf.reduce_sum(ce * labelled) / denominator
            score = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(score_target, presence[..., 0]))
            loss = 20.0 * coord + 0.1 * heat + score
        grads = tape.gradient(loss, model.trainable_variables)
        opt.apply_gradients(zip(grads, model.trainable_variables))
        return loss, coord, heat, score

    rng = np.random.default_rng(args.seed)
    history = []
    for epoch in range(epochs):
        order = rng.permutation(n)
        sums = np.zeros(4)
        for b in range(n // batch):
            idx = order[b * batch : (b + 1) * batch]
            images, pts, v = x[idx].copy(), points[idx].copy(), vis[idx].copy()
            for i in np.nonzero(rng.uniform(size=len(idx)) < 0.5)[0]:
                images[i], pts[i], v[i] = D.flip_pose(images[i], pts[i], v[i])
            sums += [float(t) for t in step(tf.constant(images, tf.float32), tf.constant(pts), tf.constant(v))]
        history.append(dict(zip(("loss", "coord", "heat", "score"), (sums / (n // batch)).round(5).tolist())))
        print(f"pose epoch {epoch + 1}/{args.epochs}: {history[-1]}", file=sys.stderr, flush=True)
    return model, nets.pose_net(1)[0], x, history


def _progress(done: int, steps: int, schedule_steps: int, started: float, time_budget: float) -> float:
    """How far along its learning-rate schedule a run is: the larger of steps done over the schedule's steps and
    time spent over the budget (0: none); 1.0 once either is used up or `steps` are done."""
    spent = (time.time() - started) / time_budget if time_budget else 0.0
    progress = max(done / schedule_steps, spent)
    return 1.0 if progress >= 1.0 or done >= steps else progress


def train_detector(args, tf, nets):
    cache = np.load(_one_cache(args))
    x, heat, ltrb, weight = cache["x"], cache["heat"], cache["ltrb"], cache["weight"]
    cells = D.GRID_ROWS * D.GRID_COLS
    classes = len(D.DETECTOR_CLASSES)
    heat, ltrb, weight = heat.reshape(len(x), cells, classes), ltrb.reshape(len(x), cells, classes, 4), weight.reshape(len(x), cells, classes)
    _, model = nets.detector_net(None)
    if args.resume:
        _resume(tf, model, args.resume)
    n, batch = len(x), args.batch
    steps_per_epoch = n // batch
    total_steps = args.steps or args.epochs * steps_per_epoch
    schedule_steps = max(args.schedule_steps, total_steps)  # a run that stops partway along a longer schedule
    epochs = -(-total_steps // steps_per_epoch)
    # The cosine schedule of the other models, driven by progress = the larger of steps done / planned steps and
    # seconds spent / --time-budget, so that a run on a shared machine that must stop early still ends at the low
    # learning rate. Without a budget this is CosineDecay(lr, steps, alpha=0.02) step for step.
    opt = tf.keras.optimizers.Adam(args.lr)

    def learning_rate(progress: float) -> float:
        return args.lr * (0.02 + 0.98 * 0.5 * (1.0 + np.cos(np.pi * min(1.0, progress))))

    @tf.function
    def step(images, target, boxes, w):
        with tf.GradientTape() as tape:
            logits, pred_boxes = model(images, training=True)
            p = tf.clip_by_value(tf.sigmoid(logits), 1e-4, 1 - 1e-4)
            positive = tf.cast(target >= 0.999, tf.float32)
            pos_loss = -tf.math.log(p) * (1 - p) ** 2 * positive
            neg_loss = -tf.math.log(1 - p) * p**2 * (1 - target) ** 4 * (1 - positive)
            count = tf.maximum(tf.reduce_sum(positive), 1.0)
            focal = (tf.reduce_sum(pos_loss) + tf.reduce_sum(neg_loss)) / count
            pred_boxes = tf.reshape(pred_boxes, tf.shape(boxes))
            norm = tf.maximum(tf.reduce_sum(w), 1.0)
            box = tf.reduce_sum(tf.reduce_sum(tf.abs(pred_boxes - boxes), -1) * w) / norm
            # L1 in /256 units hardly sees a few pixels' error on a 7-pixel-high pair of shoes; GIoU weighs
            # every box by its own size, which is what IoU 0.5 asks.
            giou = tf.reduce_sum((1.0 - D.ltrb_giou(tf.maximum(pred_boxes, 0.0), boxes, tf)) * w) / norm
            loss = focal + args.l1_weight * box + args.giou_weight * giou
        grads = tape.gradient(loss, model.trainable_variables)
        opt.apply_gradients(zip(grads, model.trainable_variables))
        return loss, focal, box, giou

    rng = np.random.default_rng(args.seed)
    history = []
    started = time.time()
    done, progress = 0, 0.0
    for epoch in range(epochs):
        order = rng.permutation(n)
        sums = np.zeros(4)
        for b in range(steps_per_epoch):
            progress = _progress(done, total_steps, schedule_steps, started, args.time_budget)
            if progress >= 1.0:
                break
            opt.learning_rate.assign(learning_rate(progress))
            done += 1
            idx = order[b * batch : (b + 1) * batch]
            images, target, boxes, w = x[idx].copy(), heat[idx].copy(), ltrb[idx].copy(), weight[idx].copy()
            for i in np.nonzero(rng.uniform(size=len(idx)) < 0.5)[0]:  # horizontal flip: mirror grid columns, swap l/r
                images[i] = images[i][:, ::-1]
                target[i] = target[i].reshape(D.GRID_ROWS, D.GRID_COLS, -1)[:, ::-1].reshape(cells, -1)
                boxes[i] = boxes[i].reshape(D.GRID_ROWS, D.GRID_COLS, classes, 4)[:, ::-1][..., [2, 1, 0, 3]].reshape(cells, classes, 4)
                w[i] = w[i].reshape(D.GRID_ROWS, D.GRID_COLS, classes)[:, ::-1].reshape(cells, classes)
            sums += [float(t) for t in step(tf.constant(images, tf.float32), tf.constant(target), tf.constant(boxes), tf.constant(w))]
            if (b + 1) % 50 == 0:
                print(f"detector epoch {epoch + 1} step {b + 1}/{steps_per_epoch}: loss {sums[0] / (b + 1):.4f}, "
                      f"lr {learning_rate(progress):.2e}, {time.time() - started:.0f} s", file=sys.stderr, flush=True)  # fmt: skip
        steps = b + (progress < 1.0)
        if steps:
            history.append(dict(zip(("loss", "focal", "box", "giou"), (sums / steps).round(5).tolist()), steps=steps))
            print(f"detector epoch {epoch + 1}/{epochs}: {history[-1]}", file=sys.stderr, flush=True)
        if args.checkpoint:  # the training model after each epoch: a long run that must stop early keeps its work
            os.makedirs(args.out, exist_ok=True)
            model.save(os.path.join(args.out, "detector.checkpoint.keras"))
        if progress >= 1.0:
            print(f"detector: stopped after {done} steps ({done / steps_per_epoch:.2f} epochs)", file=sys.stderr)
            break
    args.steps_done = done
    return model, nets.detector_net(1)[0], x, history


def _reid_sets(folders: list[str]):
    """Crops of persistent items: (entries, item index per entry, attributes per item index or None); item ids
    are made unique per folder. Attributes come from each folder's closet.json (`data.item_attributes`)."""
    entries, items = [], []
    names: dict[str, int] = {}
    attributes: list[dict | None] = []
    for folder in folders:
        known = D.item_attributes(folder)
        for entry in D.read_crops(folder):
            key = folder + "/" + entry["item_id"]
            if key not in names:
                names[key] = len(names)
                attributes.append(known.get(entry["item_id"]))
            items.append(names[key])
            entries.append(entry)
    return entries, np.asarray(items, np.int64), attributes


def _attribute_arrays(attributes: list[dict | None]):
    """Per item index: colour, pattern (-1 when unknown), base and secondary sRGB, the cut (`data.item_cut`) and
    whether the cut is known, the weave (`data.item_weave`) and which of its parts are known."""
    count = len(attributes)
    colour, pattern = np.full(count, -1, np.int32), np.full(count, -1, np.int32)
    base, secondary = np.zeros((count, 3), np.float32), np.zeros((count, 3), np.float32)
    cut, cut_known = np.zeros((count, len(D.CUT_UNITS) + 1), np.float32), np.zeros(count, np.float32)
    weave, weave_known = np.zeros((count, 3), np.float32), np.zeros((count, 3), np.float32)
    for i, a in enumerate(attributes):
        if a is not None:
            colour[i], pattern[i], base[i], secondary[i] = a["colour"], a["pattern"], a["base"], a["secondary"]
            if a.get("cut") is not None:
                cut[i], cut_known[i] = a["cut"], 1.0
            if a.get("weave") is not None:
                weave[i], weave_known[i] = a["weave"]
    return colour, pattern, base, secondary, cut, cut_known, weave, weave_known


def train_garment(args, tf, nets):
    x, labels = garment_caches(args.train)
    size = x.shape[1]  # the input side the crops were prepared at (`prepare --garment-size`)
    entries, items, attributes = _reid_sets(args.reid)
    crops = D.EncodedCrops(entries)  # decoded when used, then jittered and fitted
    masks = D.PackedMasks(entries) if args.attention else [None] * len(entries)
    if args.attention and not any(e.get("mask") for e in entries):  # what load_crop_mask reads as no mask
        raise SystemExit("garment: --attention needs crops folders with item masks (rendered by this scenegen)")
    reid_labels = np.asarray([D.GARMENT_LABELS.index(e["category"]) for e in entries], np.int32)
    by_item = [np.nonzero(items == i)[0] for i in range(items.max() + 1)] if entries else []
    usable = [i for i, ix in enumerate(by_item) if len(ix) >= 2]
    if len(usable) < 2 * args.reid_items:
        raise SystemExit(f"garment: {len(usable)} re-id items with two crops or more; need {2 * args.reid_items}")
    colour, pattern, base, secondary, cut, cut_known, weave, weave_known = _attribute_arrays(attributes)
    print(f"garment: {len(x)} classification crops, {len(crops)} re-id crops of {len(usable)} items "
          f"({int(np.sum(colour >= 0))} with attributes)", file=sys.stderr)  # fmt: skip
    _, model = nets.garment_net(None, width=args.width, attention=args.attention, clamped=args.clamped,
                                item_colour=args.item_colour, size=size, conditioned=args.conditioned,
                                attended_gain=args.attended_gain, fake_quant=args.fake_quant)  # fmt: skip
    if args.resume:
        saved = tf.keras.models.load_model(args.resume, compile=False)
        if args.conditioned and "attend_c0_logits" not in {layer.name for layer in saved.layers}:
            nets.grow_conditioned(saved, model)  # every condition starts as the saved model's one attention map
        elif saved.inputs[0].shape[1] != size:  # a build of another input side (`nets.resize_into`)
            nets.resize_into(saved, model)
        elif args.attended_gain and "attend_c0_gain_reid" not in {layer.name for layer in saved.layers}:
            nets.gain_attended(saved, model)  # computes what the saved model did, its attended features scaled up
        elif args.item_colour and "item_colour" not in {layer.name for layer in saved.layers}:
            nets.grow_item_colour(saved, model)  # the saved model's weights, the colour parts at their start
        elif args.attention and "attend_logits" not in {layer.name for layer in saved.layers}:
            nets.grow_attention(saved, model)  # starts from exactly what the saved model computes
        elif saved.count_params() == model.count_params() or "code_lab1" in {layer.name for layer in saved.layers}:
            _resume(tf, model, saved)  # a colour-coded build (garment 1.6.0): its network; --colour-code builds the code
        else:  # a wider build of the same network: start from exactly what the saved one computes
            nets.widen_into(saved, model)
        if args.freeze_bn:
            # Weights rebuilt from an int8 file (from_int8.py) hold batch normalisation folded away: each layer
            # passes its input through plus the folded bias, which batch statistics in training would undo.
            resumed = {layer.name for layer in saved.layers}
            for layer in model.layers:
                if isinstance(layer, tf.keras.layers.BatchNormalization) and layer.name in resumed:
                    layer.trainable = False
    coded = None
    if args.colour_code:  # train with the colour code in the embedding rows (its layers fixed), as deployed
        coded = _coded_builder(tf, nets, args)
        model = coded(model)
    os.makedirs(args.out, exist_ok=True)
    emb_size = model.outputs[1].shape[-1]
    # Training-only heads (not deployed). Identity: a cosine classifier with an additive margin over the
    # training items (batch-hard triplets alone collapsed the embedding to one point). Attributes: linear
    # read-outs of the unit embedding for the item's colour name, pattern, base and secondary colour, so that
    # the embedding's directions carry what tells items apart, for items it never saw.
    n_items = len(by_item)
    item_centres = tf.Variable(tf.random.normal((emb_size, n_items), stddev=0.1), name="item_centres")
    if args.resume:
        # A resumed embedding already separates items: start each item's centre at its crops' mean embedding, so
        # the identity loss does not begin by pulling every embedding towards random centres.
        # A few thousand crops at a time: all of them as one float batch would be 0.1 MB a crop (4 GB at 38,000).
        e = np.concatenate([
            model.predict(np.stack([D.crop_array_input(c, None, size) for c in crops[at : at + 2048]]).astype(np.float32),
                          batch_size=64, verbose=0)[1]
            for at in range(0, len(crops), 2048)])  # fmt: skip
        e = by_condition(e, D.coarse_classes(reid_labels))
        e /= np.maximum(np.linalg.norm(e, axis=1, keepdims=True), 1e-9)
        centres = np.stack([e[ix].mean(0) if len(ix) else np.zeros(emb_size) for ix in by_item], 1)
        item_centres.assign(centres.astype(np.float32) + np.float32(1e-6))
    heads = {name: (tf.Variable(tf.random.normal((emb_size, size), stddev=0.1), name=name + "_w"), tf.Variable(tf.zeros(size), name=name + "_b"))
             for name, size in (("colour", len(D.COLOUR_NAMES)), ("pattern", len(D.PATTERN_NAMES)), ("base", 3), ("secondary", 3))
             + ((("cut", cut.shape[1]),) if args.cut_weight else ()) + ((("weave", 3),) if args.weave_weight else ())
             + ((("category", len(D.GARMENT_LABELS)),) if args.category_weight else ())}  # fmt: skip
    head_vars = [v for pair in heads.values() for v in pair]
    colour_t, pattern_t = tf.constant(colour), tf.constant(pattern)
    base_t, secondary_t = tf.constant(base), tf.constant(secondary)
    cut_t, cut_known_t = tf.constant(cut), tf.constant(cut_known)
    weave_t, weave_known_t = tf.constant(weave), tf.constant(weave_known)
    item_categories = np.asarray([reid_labels[ix[0]] for ix in by_item], np.int32)  # each item's product type
    item_category_t = tf.constant(item_categories)

    def head(name, e):
        w, b = heads[name]
        return tf.matmul(e, w) + b

    def attribute_loss(e, item_ids):
        """The attribute read-outs' loss (colour and pattern cross-entropy, base and secondary colour L1, and with
        their weights the cut's and the weave's L1), averaged over the crops whose item has known attributes; with
        its weight, the product type's cross-entropy, averaged over every crop (a crop's label is always known)."""
        c_t, p_t = tf.gather(colour_t, item_ids), tf.gather(pattern_t, item_ids)
        known = tf.cast(c_t >= 0, tf.float32)
        patterned = known * tf.cast(p_t > 0, tf.float32)
        attr = tf.reduce_sum(known * tf.keras.losses.sparse_categorical_crossentropy(tf.maximum(c_t, 0), head("colour", e), from_logits=True))
        attr += tf.reduce_sum(known * tf.keras.losses.sparse_categorical_crossentropy(tf.maximum(p_t, 0), head("pattern", e), from_logits=True))
        attr += 10.0 * tf.reduce_sum(known * tf.reduce_sum(tf.abs(head("base", e) - tf.gather(base_t, item_ids)), -1))
        attr += 10.0 * tf.reduce_sum(patterned * tf.reduce_sum(tf.abs(head("secondary", e) - tf.gather(secondary_t, item_ids)), -1))
        if args.cut_weight:  # at weight 1, one look-alike limit off weighs about as much as the base colour ΔE 12 off
            cut_error = tf.reduce_sum(tf.abs(head("cut", e) - tf.gather(cut_t, item_ids)), -1)
            attr += args.cut_weight * tf.reduce_sum(known * tf.gather(cut_known_t, item_ids) * cut_error)
        if args.weave_weight:  # a patterned item's period and angle (a print's period only), in look-alike units
            weave_error = tf.reduce_sum(tf.gather(weave_known_t, item_ids) * tf.abs(head("weave", e) - tf.gather(weave_t, item_ids)), -1)
            attr += args.weave_weight * tf.reduce_sum(known * weave_error)
        attr /= tf.reduce_sum(known) + 1.0
        if args.category_weight:  # pants and jeans, shorts and skirts of one colour: the type tells them apart
            category = tf.keras.losses.sparse_categorical_crossentropy(tf.gather(item_category_t, item_ids), head("category", e), from_logits=True)
            attr += args.category_weight * tf.reduce_mean(category)
        return attr

    if args.resume and args.fit_readouts:
        # The read-outs are not saved with the model: fit them to the resumed embedding first (the embedding held
        # still), so their first, random, gradients do not drag the embedding away from what it learnt.
        head_opt, fixed, ids = tf.keras.optimizers.Adam(1e-2), tf.constant(e, tf.float32), tf.constant(items)
        for _ in range(400):
            with tf.GradientTape() as tape:
                fit = attribute_loss(fixed, ids)
            head_opt.apply_gradients(zip(tape.gradient(fit, head_vars), head_vars))
        print(f"garment: attribute read-outs fitted to the resumed embedding, loss {float(fit):.3f}", file=sys.stderr)
        del fixed
    extra = [item_centres] + head_vars
    n, batch = len(x), args.batch
    steps_per_epoch = min(n // batch, args.steps_per_epoch or n // batch)
    total = args.steps or args.epochs * steps_per_epoch
    schedule_total = max(args.schedule_steps, total)  # a run that stops partway along a longer schedule
    epochs = -(-total // steps_per_epoch)
    warmup = min(300, schedule_total // 10)
    opt = tf.keras.optimizers.Adam(args.lr)

    def learning_rate(progress: float) -> float:
        """Keras's CosineDecay(0.1 lr, warm-up to lr, alpha 0.02) at step progress * total; progress is steps done
        over planned steps or, with --time-budget, the share of the budget spent when that is larger."""
        virtual = min(1.0, progress) * schedule_total
        if virtual < warmup:
            return args.lr * (0.1 + 0.9 * virtual / warmup)
        return args.lr * (0.02 + 0.98 * 0.5 * (1.0 + np.cos(np.pi * (virtual - warmup) / max(1, schedule_total - warmup))))
    margin, scale = args.margin, 16.0
    coarse_t = tf.constant(D.coarse_classes(np.arange(len(D.GARMENT_LABELS))), tf.int32)

    def own(outputs, y):
        """A conditioned model's row for each crop's coarse class (its label's); an unconditioned one's outputs."""
        return tf.gather(outputs, tf.gather(coarse_t, y), batch_dims=1) if args.conditioned else outputs

    def own_map(mask_logits, y):
        if not args.conditioned:
            return mask_logits[..., 0]
        return tf.gather(mask_logits, tf.gather(coarse_t, y), axis=3, batch_dims=1)

    @tf.function
    def step(images, y, reid_images, reid_y, reid_ids, reid_items, reid_masks, reid_has_mask):
        with tf.GradientTape() as tape:
            logits = own(model(images, training=True)[0], y)
            ce = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(y, logits, from_logits=True))
            outputs = model(reid_images, training=True)
            r_logits, emb = own(outputs[0], reid_y), own(outputs[1], reid_y)
            mask_loss = tf.constant(0.0)
            if args.attention:  # the attention map's logits against the item's share of each cell
                cell = tf.nn.sigmoid_cross_entropy_with_logits(labels=reid_masks, logits=own_map(outputs[2], reid_y))
                mask_loss = tf.reduce_sum(tf.reduce_mean(cell, [1, 2]) * reid_has_mask) / (tf.reduce_sum(reid_has_mask) + 1.0)
            ce_r = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(reid_y, r_logits, from_logits=True))
            e = tf.math.l2_normalize(emb, -1)
            dist = tf.sqrt(tf.maximum(2.0 - 2.0 * tf.matmul(e, e, transpose_b=True), 1e-9))
            same = tf.cast(tf.equal(reid_ids[:, None], reid_ids[None, :]), tf.float32)
            hardest_pos = tf.reduce_max(dist * same, 1)
            hardest_neg = tf.reduce_min(dist + 4.0 * same, 1)
            triplet = tf.reduce_mean(tf.nn.relu(hardest_pos - hardest_neg + 0.3))
            cosine = tf.matmul(e, tf.math.l2_normalize(item_centres, 0))
            cosine -= margin * tf.one_hot(reid_items, n_items)
            identity = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(reid_items, scale * cosine, from_logits=True))
            attr = attribute_loss(e, reid_items)
            loss = args.ce_weight * (ce + ce_r) + 2.0 * triplet + identity + args.attribute_weight * attr + args.mask_weight * mask_loss
        variables = model.trainable_variables + extra
        grads = tape.gradient(loss, variables)
        opt.apply_gradients(zip(grads, variables))
        return loss, ce, triplet, identity, attr, mask_loss

    validation = _ReidValidation(args.val_reid, model) if args.val_reid else None
    classify = _ClassifyValidation(args.val_classify, model) if args.val_classify else None
    rng = np.random.default_rng(args.seed)
    usable_arr = np.asarray(usable)
    history = []
    started = time.time()
    done, progress = 0, 0.0
    for epoch in range(epochs):
        order = rng.permutation(n)
        sums = np.zeros(6)
        for b in range(steps_per_epoch):
            progress = _progress(done, total, schedule_total, started, args.time_budget)
            if progress >= 1.0:
                break
            opt.learning_rate.assign(learning_rate(progress))
            done += 1
            idx = order[b * batch : (b + 1) * batch]
            # P items x K crops; each item comes with another item of its category (a hard negative).
            first = rng.choice(usable_arr, args.reid_items, replace=False)
            partners = []
            for f in first:
                same = usable_arr[(item_categories[usable_arr] == item_categories[f]) & (usable_arr != f)]
                partners.append(rng.choice(same) if len(same) else rng.choice(usable_arr))
            chosen = list(dict.fromkeys(list(first) + partners))
            reid_idx = np.concatenate([rng.choice(by_item[i], 4, replace=len(by_item[i]) < 4) for i in chosen])
            pairs = [D.crop_pair_input(crop, mask, rng, size=size) if mask is not None else (D.crop_array_input(crop, rng, size), None)
                     for crop, mask in ((crops[j], masks[j]) for j in reid_idx)]  # fmt: skip
            reid_images = np.stack([image for image, _ in pairs])
            cells = size // D.ATTENTION_STEP
            reid_masks = np.stack([m if m is not None else np.zeros((cells, cells), np.float32) for _, m in pairs])
            has_mask = np.asarray([m is not None for _, m in pairs], np.float32)
            flips = rng.uniform(size=len(reid_idx)) < 0.5
            reid_images[flips] = reid_images[flips][:, :, ::-1]
            reid_masks[flips] = reid_masks[flips][:, :, ::-1]
            if args.photometric:
                reid_images = D.photometric_jitter(reid_images, rng)
            images = x[idx].copy() if not args.photometric else D.photometric_jitter(x[idx], rng)
            flips = rng.uniform(size=len(idx)) < 0.5
            images[flips] = images[flips][:, :, ::-1]
            ids = np.repeat(np.arange(len(chosen)), 4)
            sums += [float(t) for t in step(tf.constant(images, tf.float32), tf.constant(labels[idx]),
                                             tf.constant(reid_images, tf.float32), tf.constant(reid_labels[reid_idx]),
                                             tf.constant(ids), tf.constant(np.repeat(chosen, 4)),
                                             tf.constant(reid_masks), tf.constant(has_mask))]  # fmt: skip
            if b == 49 and epoch == 0:
                print(f"garment: {(time.time() - started) / 50:.2f} s per step, {steps_per_epoch} steps per epoch", file=sys.stderr, flush=True)
        steps = b + (progress < 1.0)
        if steps:
            history.append(dict(zip(("loss", "ce", "triplet", "identity", "attributes", "mask"), (sums / steps).round(5).tolist()), steps=steps))
            if validation:
                history[-1]["val_reid_top1"] = validation()
            if classify:
                history[-1]["val_classifier_top1"] = classify()
            print(f"garment epoch {epoch + 1}/{epochs} ({time.time() - started:.0f} s, lr {learning_rate(progress):.2e}): "
                  f"{history[-1]}", file=sys.stderr, flush=True)  # fmt: skip
            os.makedirs(args.out, exist_ok=True)
            model.save(os.path.join(args.out, "garment.epoch.keras"))  # a checkpoint to convert if time runs out
        if progress >= 1.0:
            print(f"garment: stopped after {done} steps ({done / steps_per_epoch:.2f} epochs)", file=sys.stderr)
            break
    args.steps_done = done
    pool = np.concatenate([x[rng.choice(n, min(n, 200), replace=False)],
                           np.stack([D.crop_array_input(crops[j], None, size) for j in rng.choice(len(crops), min(len(crops), 200), replace=False)])])  # fmt: skip
    deploy, train_build = nets.garment_net(1, width=args.width, attention=args.attention, clamped=args.clamped,
                                           item_colour=args.item_colour, size=size, conditioned=args.conditioned,
                                           attended_gain=args.attended_gain)  # fmt: skip
    if coded:
        deploy = coded(train_build, deploy=True)
    return model, deploy, pool, history


def _coded_builder(tf, nets, args):
    """For `garment --colour-code GAIN`: a function that wraps a conditioned training build into one whose embedding
    rows carry the colour code beside the unit-length learnt part (`nets.colour_coded`, gain GAIN, the code's layers
    not trained), returning its training model (logits, embedding, map logits) or, with deploy, its deploy model."""
    # fit_lab_mlp reseeds TensorFlow's global generator (seed 0, so the fit is the one colour-code makes): the
    # training-only heads created after it (item centres, read-outs) start from that seed, not --seed.
    lab = nets.fit_lab_mlp()

    def wrap(train_build, deploy: bool = False):
        model = nets.colour_coded(train_build, lab, args.code_sigma, args.colour_code, unit_learnt=True)
        for layer in model.layers:
            if layer.name.startswith("code"):
                layer.trainable = False
        if deploy:
            return model
        return tf.keras.Model(model.inputs, [model.outputs[0], model.outputs[1], train_build.outputs[2]],
                              name="closetd_garment_train")  # fmt: skip

    return wrap


class _ReidValidation:
    """Re-identification top-1 (evaluate.py's definition) of the float model on a crops folder, per epoch."""

    def __init__(self, folder: str, model):
        import evaluate as E

        self.entries, self.model, self.top1 = D.read_crops(folder), model, E.reid_top1
        self.coarse = D.crops_coarse_classes(self.entries)
        self.inputs = np.stack([D.crop_input(e, size=model.inputs[0].shape[1]) for e in self.entries]).astype(np.float32)

    def __call__(self) -> float:
        embeddings = by_condition(self.model.predict(self.inputs, batch_size=64, verbose=0)[1], self.coarse)
        return round(self.top1(self.entries, embeddings)[0], 4)


class _ClassifyValidation:
    """Classifier top-1 of the float model on a prepared garment cache (`prepare --task garment`, no --jitter: the
    boxes plus 10 %, as evaluate.py crops them), per epoch."""

    def __init__(self, path: str, model):
        with np.load(path) as cache:
            self.inputs, self.labels = cache["x"].astype(np.float32), cache["label"]
        if self.inputs.shape[1] != model.inputs[0].shape[1]:
            raise SystemExit(f"garment: {path} holds {self.inputs.shape[1]} px crops; the model takes {model.inputs[0].shape[1]}")
        self.model = model

    def __call__(self) -> float:
        logits = by_condition(self.model.predict(self.inputs, batch_size=64, verbose=0)[0], D.coarse_classes(self.labels))
        return round(float(np.mean(np.argmax(logits, 1) == self.labels)), 4)


def train(args) -> None:
    import tensorflow as tf

    import convert
    import nets

    tf.keras.utils.set_random_seed(args.seed)
    tf.config.threading.set_intra_op_parallelism_threads(args.threads)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    started = time.time()
    trainer = {"pose": train_pose, "detector": train_detector, "garment": train_garment}[args.task]
    model, deploy, representative_pool, history = trainer(args, tf, nets)
    deploy.set_weights(_matching(model, deploy))
    os.makedirs(args.out, exist_ok=True)
    deploy.save(os.path.join(args.out, f"{args.task}.keras"))
    tflite = _write_int8(args.task, deploy, representative_pool, np.random.default_rng(args.seed), args.out)
    record = {
        "task": args.task, "seed": args.seed, "epochs": args.epochs, "batch": args.batch, "lr": args.lr,
        "train": ", ".join(os.path.basename(t) for t in args.train), "reid": [os.path.basename(r) for r in args.reid],
        "examples": int(len(representative_pool)), "macs": nets.macs(deploy), "ops": convert.op_names(tflite),
        "seconds": round(time.time() - started, 1), "history": history,
        "resumed_from": os.path.basename(args.resume) if args.resume else None,
    }  # fmt: skip
    if args.task == "garment":
        record.update(width=args.width, ce_weight=args.ce_weight, steps_per_epoch=args.steps_per_epoch, reid_items=args.reid_items, margin=args.margin, attribute_weight=args.attribute_weight, fit_readouts=args.fit_readouts,
                      val_reid=os.path.basename(os.path.normpath(args.val_reid)) if args.val_reid else None,
                      val_classify=os.path.basename(args.val_classify) if args.val_classify else None, cut_weight=args.cut_weight,
                      photometric=args.photometric, steps=args.steps_done, time_budget=args.time_budget,
                      attention=args.attention, clamped=args.clamped, mask_weight=args.mask_weight, freeze_bn=args.freeze_bn,
                      item_colour=args.item_colour, conditioned=args.conditioned)  # fmt: skip
        if args.attended_gain:
            record["attended_gain"] = nets.ATTENDED_GAINS
        if args.fake_quant:
            record["fake_quant"] = "relu6"
        if args.weave_weight:
            record["weave_weight"] = args.weave_weight
        if args.category_weight:
            record["category_weight"] = args.category_weight
        if args.colour_code:
            record["colour_code"] = {"sigma": args.code_sigma, "prototypes": nets.COLOUR_CODE_PROTOTYPES,
                                     "gain": args.colour_code, "learnt": "unit", "trained_with": True}  # fmt: skip
    if args.task == "detector":
        record["loss_weights"] = {"focal": 1.0, "l1": args.l1_weight, "giou": args.giou_weight}
        record["steps"], record["time_budget"] = args.steps_done, args.time_budget
        record["epochs_done"] = round(args.steps_done / (int(record["examples"]) // args.batch), 2)
    with open(os.path.join(args.out, f"{args.task}.train.json"), "w") as f:
        json.dump(record, f, indent=1)
    print(f"train: {args.task} done in {record['seconds']} s, {record['macs']} MACs, ops {record['ops']}", file=sys.stderr)


def _write_int8(task: str, deploy, pool: np.ndarray, rng: np.random.Generator, out: str) -> bytes:
    """Converts `deploy` to full int8 with 300 crops of `pool` as its representative data, names its tensors by the
    contract and writes OUT/TASK.tflite; returns the file's bytes."""
    import convert

    representative = pool[rng.choice(len(pool), min(300, len(pool)), replace=False)]
    tflite = convert.name_tensors(convert.convert_int8(deploy, representative), "image", contract_outputs(task, deploy))
    with open(os.path.join(out, f"{task}.tflite"), "wb") as f:
        f.write(tflite)
    return tflite


def _representative(cache_path: str, reid: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Representative crops as training's conversion takes them: classification crops of the cache and re-id crops,
    up to 200 each."""
    with np.load(cache_path) as cache:
        pool = cache["x"][rng.choice(len(cache["x"]), min(200, len(cache["x"])), replace=False)]
    return np.concatenate([pool.astype(np.float32), reid[rng.choice(len(reid), min(200, len(reid)), replace=False)]])


def choose_scales(sets, colour_scales, posterior_scales, learnt: int = 64) -> tuple[float, float, float, list]:
    """The (colour, posterior) factors, from the grid, whose embeddings give the best mean re-identification top-1
    over `sets` ([(entries, embeddings)], float); ties go to the pair nearest (1, 1). An item-colour embedding is
    the learnt part (`learnt` values), the item's colour (3), then the class posterior. Returns (colour, posterior,
    top-1, the grid's [colour, posterior, top-1] rows)."""
    import evaluate as E

    colour_part, posterior_part = slice(learnt, learnt + 3), slice(learnt + 3, None)
    rows = []
    for a in colour_scales:
        for b in posterior_scales:
            values = []
            for entries, embeddings in sets:
                e = np.array(embeddings, np.float64, copy=True)
                e[:, colour_part] *= a
                e[:, posterior_part] *= b
                values.append(E.reid_top1(entries, e)[0])
            rows.append([a, b, round(float(np.mean(values)), 4)])
    best = max(rows, key=lambda r: (r[2], -abs(np.log(r[0])) - abs(np.log(r[1]))))
    return best[0], best[1], best[2], rows


def _record_beside(model_path: str) -> tuple[str, dict]:
    """The training record written beside a saved garment build (DIR/garment.train.json) and its path; a bare
    record when there is none."""
    source = os.path.join(os.path.dirname(os.path.abspath(model_path)), "garment.train.json")
    return source, json.load(open(source)) if os.path.exists(source) else {"task": "garment"}


def calibrate(args) -> None:
    import tensorflow as tf

    import convert
    import nets

    tf.config.threading.set_intra_op_parallelism_threads(args.threads)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    started = time.time()
    old = tf.keras.models.load_model(args.model, compile=False)
    names = {layer.name for layer in old.layers}
    if not {"item_colour", "item_posterior"} <= names:
        raise SystemExit(f"calibrate: {args.model} is not an item-colour garment build (no item_colour layer)")
    side = int(old.inputs[0].shape[1])
    source, record = _record_beside(args.model)
    width = float(record.get("width", 1.0))
    new, _ = nets.garment_net(1, width=width, attention=True, clamped=True, item_colour=True, size=side, weight_cap=args.weight_cap)
    for layer in new.layers:
        if layer.get_weights():
            if layer.name not in names:
                raise SystemExit(f"calibrate: {args.model} has no layer {layer.name}: not a clamped item-colour build")
            layer.set_weights(old.get_layer(layer.name).get_weights())
    sets, val_inputs = [], []
    for folder in args.val_reid:
        entries = D.read_crops(folder)
        inputs = np.stack([D.crop_input(e, size=side) for e in entries]).astype(np.float32)
        # predict, never a bare call: that runs batch normalisation in training mode and moves its statistics.
        logits, embeddings = new.predict(inputs, batch_size=64, verbose=0)
        if not np.allclose(logits, old.predict(inputs, batch_size=64, verbose=0)[0], atol=1e-3):
            raise SystemExit("calibrate: the rebuilt model's logits differ from the trained one's")
        sets.append((entries, embeddings))
        val_inputs.append(inputs)
    learnt = new.get_layer("reid_embedding").units
    before = choose_scales(sets, [1.0], [1.0], learnt)[2]
    colour, posterior, after, grid = choose_scales(sets, args.colour_scales, args.posterior_scales, learnt)
    for name, factor in (("item_colour", colour), ("item_posterior", posterior)):
        layer = new.get_layer(name)
        layer.set_weights([w * factor for w in layer.get_weights()])
    os.makedirs(args.out, exist_ok=True)
    new.save(os.path.join(args.out, "garment.keras"))
    rng = np.random.default_rng(args.seed)
    tflite = _write_int8("garment", new, _representative(args.train, np.concatenate(val_inputs), rng), rng, args.out)
    record.update(macs=nets.macs(new), ops=convert.op_names(tflite))
    record["calibration"] = {
        "model": os.path.basename(os.path.dirname(os.path.abspath(args.model))), "weight_cap": args.weight_cap,
        "colour_scale": colour, "posterior_scale": posterior,
        "val_reid": [os.path.basename(os.path.normpath(v)) for v in args.val_reid],
        "val_reid_top1_before": before, "val_reid_top1_after": after, "grid": grid,
        "seconds": round(time.time() - started, 1),
    }  # fmt: skip
    with open(os.path.join(args.out, "garment.train.json"), "w") as f:
        json.dump(record, f, indent=1)
    print(f"calibrate: weight cap {args.weight_cap}, colour x{colour}, posterior x{posterior}: validation re-id "
          f"{before} -> {after}", file=sys.stderr)  # fmt: skip


def colour_code(args) -> None:
    """A conditioned garment build with a colour code in each embedding row (`nets.colour_coded`). The code's weight
    beside the learnt part: `--scale` times the ratio of their mean norms on the --val-reid crops."""
    import tensorflow as tf

    import convert
    import evaluate as E
    import nets

    tf.config.threading.set_intra_op_parallelism_threads(args.threads)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    started = time.time()
    old = tf.keras.models.load_model(args.model, compile=False)
    if "attend_c0_logits" not in {layer.name for layer in old.layers}:
        raise SystemExit(f"colour-code: {args.model} is not a conditioned garment build (train.py garment --conditioned)")
    side = int(old.inputs[0].shape[1])
    source, record = _record_beside(args.model)
    lab = nets.fit_lab_mlp()

    def build(batch, gain):
        _, train = nets.garment_net(batch, width=float(record.get("width", 1.0)), attention=True, clamped=True,
                                    conditioned=True, size=side)  # fmt: skip
        _resume(tf, train, old)
        return nets.colour_coded(train, lab, args.sigma, gain, unit_learnt=args.learnt == "unit")

    entries = [e for folder in args.val_reid for e in D.read_crops(folder)]
    inputs = np.stack([D.crop_input(e, size=side) for e in entries]).astype(np.float32)
    coarse = D.crops_coarse_classes(entries)
    unit = build(None, 1.0)
    # predict, never a bare call: that runs batch normalisation in training mode and moves its statistics.
    logits, embeddings = unit.predict(inputs, batch_size=64, verbose=0)
    if not np.allclose(logits, old.predict(inputs, batch_size=64, verbose=0)[0], atol=1e-3):
        raise SystemExit("colour-code: the rebuilt model's logits differ from the trained one's")
    rows = by_condition(embeddings, coarse)
    learnt = int(old.outputs[1].shape[-1])
    gain = args.scale * float(np.linalg.norm(rows[:, :learnt], axis=1).mean() / np.linalg.norm(rows[:, learnt:], axis=1).mean())
    model = build(None, gain)
    rows = by_condition(model.predict(inputs, batch_size=64, verbose=0)[1], coarse)
    before = round(E.reid_top1(entries, rows[:, :learnt])[0], 4)
    after = round(E.reid_top1(entries, rows)[0], 4)
    os.makedirs(args.out, exist_ok=True)
    model.save(os.path.join(args.out, "garment.keras"))
    rng = np.random.default_rng(args.seed)
    deploy = build(1, gain)
    tflite = _write_int8("garment", deploy, _representative(args.train, inputs, rng), rng, args.out)
    record.update(macs=nets.macs(deploy), ops=convert.op_names(tflite))
    record["colour_code"] = {
        "model": os.path.basename(os.path.dirname(os.path.abspath(args.model))), "sigma": args.sigma,
        "prototypes": nets.COLOUR_CODE_PROTOTYPES, "scale": args.scale, "gain": round(gain, 3), "learnt": args.learnt,
        "val_reid": [os.path.basename(os.path.normpath(v)) for v in args.val_reid],
        "val_reid_top1_before": before, "val_reid_top1_after": after, "seconds": round(time.time() - started, 1),
    }  # fmt: skip
    with open(os.path.join(args.out, "garment.train.json"), "w") as f:
        json.dump(record, f, indent=1)
    print(f"colour-code: sigma {args.sigma}, gain {gain:.1f}: validation re-id {before} -> {after}", file=sys.stderr)


def gain(args) -> None:
    """A colour-coded conditioned garment build again, its attended features scaled up before their concatenations
    (`nets.gain_attended`): the same float function, converted to int8 again so that int8 keeps those features."""
    import tensorflow as tf

    import convert
    import evaluate as E
    import nets

    tf.config.threading.set_intra_op_parallelism_threads(args.threads)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    started = time.time()
    old = tf.keras.models.load_model(args.model, compile=False)
    names = {layer.name for layer in old.layers}
    if "attend_c0_logits" not in names or "code_lab1" not in names:
        raise SystemExit(f"gain: {args.model} is not a colour-coded conditioned garment build (train.py garment --colour-code)")
    if "attend_c0_gain_reid" in names:
        raise SystemExit(f"gain: {args.model} already has the attended gains")
    side = int(old.inputs[0].shape[1])
    source, record = _record_beside(args.model)
    code = record.get("colour_code") or {}
    if "gain" not in code or "sigma" not in code:
        raise SystemExit(f"gain: {source} does not give the colour code's gain and sigma")
    lab = [w for name in ("code_lab1", "code_lab2", "code_lab3") for w in old.get_layer(name).get_weights()]  # as fitted

    def build(batch):
        _, train = nets.garment_net(batch, width=float(record.get("width", 1.0)), attention=True, clamped=True,
                                    conditioned=True, size=side, attended_gain=True)  # fmt: skip
        nets.gain_attended(old, train)
        return nets.colour_coded(train, lab, code["sigma"], code["gain"], unit_learnt=code.get("learnt", "unit") == "unit")

    entries = [e for folder in args.val_reid for e in D.read_crops(folder)]
    inputs = np.stack([D.crop_input(e, size=side) for e in entries]).astype(np.float32)
    model = build(None)
    before, after = old.predict(inputs, batch_size=64, verbose=0), model.predict(inputs, batch_size=64, verbose=0)
    for a, b in zip(before, after):
        if not np.allclose(a, b, atol=1e-4):
            raise SystemExit(f"gain: the rebuilt model's outputs differ from the trained one's by {np.abs(a - b).max():.2g}")
    coarse = D.crops_coarse_classes(entries)
    top1 = round(E.reid_top1(entries, by_condition(after[1], coarse))[0], 4)
    os.makedirs(args.out, exist_ok=True)
    model.save(os.path.join(args.out, "garment.keras"))
    rng = np.random.default_rng(args.seed)
    deploy = build(1)
    tflite = _write_int8("garment", deploy, _representative(args.train, inputs, rng), rng, args.out)
    record.update(macs=nets.macs(deploy), ops=convert.op_names(tflite))
    record["attended_gain"] = {
        "model": os.path.basename(os.path.dirname(os.path.abspath(args.model))), "gains": nets.ATTENDED_GAINS,
        "val_reid": [os.path.basename(os.path.normpath(v)) for v in args.val_reid], "val_reid_top1_float": top1,
        "seconds": round(time.time() - started, 1),
    }  # fmt: skip
    with open(os.path.join(args.out, "garment.train.json"), "w") as f:
        json.dump(record, f, indent=1)
    print(f"gain: the attended features scaled by {nets.ATTENDED_GAINS} x cells; float validation re-id {top1} (unchanged)", file=sys.stderr)


def _resume(tf, model, source) -> None:
    """Starts from a saved model's weights (layers matched by name; fixed layers keep their built values); `source`
    is its path or the model already loaded."""
    loaded = tf.keras.models.load_model(source, compile=False) if isinstance(source, str) else source
    saved = {layer.name: layer for layer in loaded.layers}
    for layer in model.layers:
        if layer.trainable and layer.get_weights() and layer.name in saved:
            weights = saved[layer.name].get_weights()
            if [w.shape for w in weights] == [w.shape for w in layer.get_weights()]:
                layer.set_weights(weights)


def _matching(model, deploy):
    """The training model's weights for the deploy model's layers (same names, same shapes)."""
    weights = {layer.name: layer.get_weights() for layer in model.layers}
    out = []
    for layer in deploy.layers:
        if layer.get_weights():
            out.extend(weights[layer.name])
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="train.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--source", default="scenegen", choices=("scenegen", "deepfashion", "deepfashion2", "coco"))
    p.add_argument("--data", required=True)
    p.add_argument("--images", default=None, help="image root of a real dataset")
    p.add_argument("--task", required=True, choices=("pose", "detector", "garment"))
    p.add_argument("--out", required=True)
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--jitter", action="store_true", help="jitter garment crop boxes (training)")
    p.add_argument("--garment-size", type=int, default=D.GARMENT_SIZE, help="garment crops' side (the model's input)")
    p.add_argument("--seed", type=int, default=1)
    for task, epochs, lr in (("pose", 12, 3e-3), ("detector", 12, 3e-3), ("garment", 10, 2e-3)):
        t = sub.add_parser(task)
        t.add_argument("--train", required=True, nargs="+",
                       help="the prepared cache (garment: one or more, concatenated, e.g. renders of several seeds)")
        t.add_argument("--reid", nargs="*", default=[], help="crops folders of persistent items (garment)")
        t.add_argument("--out", required=True)
        t.add_argument("--epochs", type=int, default=epochs)
        t.add_argument("--batch", type=int, default=32)
        t.add_argument("--lr", type=float, default=lr)
        t.add_argument("--seed", type=int, default=2026)
        t.add_argument("--threads", type=int, default=2)
        t.add_argument("--resume", default=None, help="a saved .keras model to continue from (fine-tuning)")
        if task == "garment":
            t.add_argument("--reid-items", type=int, default=4, help="items per step, each with a same-category partner, 4 crops each")
            t.add_argument("--margin", type=float, default=0.2, help="additive cosine margin of the identity loss")
            t.add_argument("--attribute-weight", type=float, default=1.0, help="weight of the item-attribute read-outs")
            t.add_argument("--fit-readouts", action="store_true",
                           help="with --resume: fit the attribute read-outs to the resumed embedding before training (off in the runs that made the committed models)")
            t.add_argument("--steps-per-epoch", type=int, default=0, help="steps of an epoch (0: every classification crop once)")
            t.add_argument("--val-reid", default=None, help="a crops folder whose re-id top-1 is logged each epoch")
            t.add_argument("--cut-weight", type=float, default=0.0,
                           help="weight of the embedding's cut read-out (fit, length, sleeve, neckline; off in the committed models' runs)")
            t.add_argument("--weave-weight", type=float, default=0.0,
                           help="weight of a read-out of each patterned item's period and angle from the embedding")
            t.add_argument("--category-weight", type=float, default=0.0,
                           help="weight of a read-out of the item's product type from the embedding")
            t.add_argument("--val-classify", default=None,
                           help="a garment cache prepared without --jitter whose classifier top-1 is logged each epoch")
            t.add_argument("--photometric", action="store_true", help="show each crop under another exposure and cast")
            t.add_argument("--width", type=float, default=1.0, help="channel multiplier; a narrower --resume model is widened")
            t.add_argument("--ce-weight", type=float, default=1.0, help="weight of the two classification losses")
            t.add_argument("--attention", action="store_true",
                           help="pool features where the item is, for the classifier and the embedding (a head trained on the crops' item masks); a model without it grows one")
            t.add_argument("--mask-weight", type=float, default=1.0, help="weight of the item-attention map's loss")
            t.add_argument("--item-colour", action="store_true",
                           help="with --attention: the embedding also holds the item's colour and the class posterior")
            t.add_argument("--clamped", action="store_true",
                           help="with --attention: pool by the softmax of the mask logits clamped to [-3, 3], so every cell of the item weighs alike")
            t.add_argument("--conditioned", action="store_true",
                           help="with --attention: one attention map per coarse class, outputs per class (a model without it grows one)")
            t.add_argument("--colour-code", type=float, default=0.0, metavar="GAIN",
                           help="with --conditioned: train with the colour code (train.py colour-code) in the embedding rows, "
                                "beside the learnt part scaled to unit length, at this gain")
            t.add_argument("--code-sigma", type=float, default=20.0, help="with --colour-code: the prototypes' width")
            t.add_argument("--attended-gain", action="store_true",
                           help="with --conditioned: the attended features scaled up before their concatenations so that int8 keeps them (nets.ATTENDED_GAINS)")
            t.add_argument("--fake-quant", action="store_true",
                           help="round every ReLU6 output in training as int8 rounds it (the deploy model is the same)")
            t.add_argument("--freeze-bn", action="store_true",
                           help="keep the resumed model's batch normalisation fixed (weights rebuilt from int8 by from_int8.py)")
        if task == "detector":
            t.add_argument("--l1-weight", type=float, default=10.0, help="box loss: L1 of the distances / 256")
            t.add_argument("--giou-weight", type=float, default=2.0, help="box loss: 1 - GIoU")
            t.add_argument("--checkpoint", action="store_true", help="save the training model after every epoch")
        if task in ("garment", "detector"):
            t.add_argument("--steps", type=int, default=0, help="optimizer steps in all (instead of --epochs)")
            t.add_argument("--schedule-steps", type=int, default=0,
                           help="the cosine schedule's length in steps when the run stops earlier (--steps)")
            t.add_argument("--time-budget", type=float, default=0.0,
                           help="seconds of training at most; the learning rate schedule follows the time spent")  # fmt: skip
    def built_garment(name: str, model: str, val_reid: str):
        """A command that turns a trained garment build into another (no training): the arguments they share."""
        c = sub.add_parser(name)
        c.add_argument("--model", required=True, help=f"a trained {model} garment build (DIR/garment.keras)")
        c.add_argument("--train", required=True, help="a garment cache (representative crops for the conversion)")
        c.add_argument("--val-reid", nargs="+", required=True, help=f"crops folders {val_reid} (not held out)")
        c.add_argument("--out", required=True)
        c.add_argument("--seed", type=int, default=2026)
        c.add_argument("--threads", type=int, default=2)
        return c

    c = built_garment("calibrate", "item-colour", "to choose the scales on")
    c.add_argument("--weight-cap", type=float, default=0.2, help="the largest weight of one cell in the item's colour")
    c.add_argument("--colour-scales", type=float, nargs="+", default=[1, 1.5, 2, 3, 4, 5, 6])
    c.add_argument("--posterior-scales", type=float, nargs="+", default=[1, 1.5, 2, 3])
    k = built_garment("colour-code", "conditioned", "the code's weight is measured on")
    k.add_argument("--sigma", type=float, default=20.0, help="width of each prototype's bump in CIELAB units")
    k.add_argument("--scale", type=float, default=1.0, help="the code's mean norm over the learnt part's")
    k.add_argument("--learnt", choices=("unit", "raw"), default="unit",
                   help="the learnt part scaled to unit length before the code (raw: as it comes, garment 1.5.0)")
    built_garment("gain", "colour-coded conditioned", "whose float re-identification is logged")
    args = parser.parse_args(argv)
    if getattr(args, "clamped", False) and not args.attention:
        parser.error("--clamped shapes the item attention; it needs --attention")
    if getattr(args, "conditioned", False) and (not args.attention or args.item_colour):
        parser.error("--conditioned gives each coarse class its own item attention: it needs --attention, not --item-colour")
    if getattr(args, "attended_gain", False) and not args.conditioned:
        parser.error("--attended-gain scales each coarse class's attended features: it needs --conditioned")
    if getattr(args, "colour_code", 0.0) and not args.conditioned:
        parser.error("--colour-code puts a colour code in each coarse class's embedding row: it needs --conditioned")
    if getattr(args, "item_colour", False) and not args.attention:
        parser.error("--item-colour weighs the crop by the item attention; it needs --attention")
    if args.command == "prepare":
        prepare(args)
    elif args.command == "calibrate":
        calibrate(args)
    elif args.command == "colour-code":
        colour_code(args)
    elif args.command == "gain":
        gain(args)
    else:
        args.task = args.command
        train(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
