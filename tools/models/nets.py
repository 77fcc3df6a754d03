"""The three networks, built from ops closetd's engine runs (CONV_2D, DEPTHWISE_CONV_2D, ADD, CONCATENATION,
RESIZE_NEAREST_NEIGHBOR, MAX_POOL_2D, MEAN, RESHAPE, TRANSPOSE, SOFTMAX, LOGISTIC, FULLY_CONNECTED) after
TensorFlow's converter folds batch normalisation. Inputs are RGB in 0..255 (the converted models take uint8).

Each builder returns (deploy model, training model): the training model adds the outputs the losses need.
Train with batch None; convert a batch-1 build carrying the trained weights (static shapes, no SHAPE/PACK ops)."""

from __future__ import annotations

import functools

import numpy as np
import tensorflow as tf

from data import ATTENTION_STEP, DETECTOR_CLASSES, DETECTOR_HEIGHT, DETECTOR_WIDTH, GARMENT_LABELS, GARMENT_SIZE, POSE_SIZE

L = tf.keras.layers


def _relu6(x, name, fake_quant: bool):
    """ReLU6; with `fake_quant`, its output rounded in training to the int8 grid over 0..6 that a converted op with
    a fused RELU6 writes (`FakeQuant`, layer name + "_fq"), so training sees what int8 keeps."""
    x = L.ReLU(6.0, name=name)(x)
    return FakeQuant(0.0, 6.0, name=name + "_fq")(x) if fake_quant else x


def conv(x, filters, kernel, stride, name, activation=True, fake_quant: bool = False):
    x = L.Conv2D(filters, kernel, strides=stride, padding="same", use_bias=False, name=name)(x)
    x = L.BatchNormalization(name=name + "_bn")(x)
    return _relu6(x, name + "_relu", fake_quant) if activation else x


def separable(x, filters, stride, name, fake_quant: bool = False):
    """Depthwise 3x3 then pointwise 1x1, each with BN and ReLU6; a residual add when shapes allow."""
    y = L.DepthwiseConv2D(3, strides=stride, padding="same", use_bias=False, name=name + "_dw")(x)
    y = L.BatchNormalization(name=name + "_dw_bn")(y)
    y = _relu6(y, name + "_dw_relu", fake_quant)
    y = conv(y, filters, 1, 1, name + "_pw", fake_quant=fake_quant)
    if stride == 1 and x.shape[-1] == filters:
        y = L.Add(name=name + "_add")([x, y])
    return y


def upsample_concat(deep, skip, name):
    up = L.Resizing(skip.shape[1], skip.shape[2], interpolation="nearest", name=name + "_up")(deep)
    return L.Concatenate(name=name + "_cat")([up, skip])


def pose_net(batch: int | None = None, width: float = 1.0):
    """MoveNet's contract: [1,192,192,3] -> [1,1,17,3] (y, x, score). Keypoints are a soft-argmax over 24x24
    heatmaps (SOFTMAX, then a FULLY_CONNECTED with the cell centres as constant weights); scores are a
    max-pooled presence map through LOGISTIC."""
    c = lambda n: max(8, int(n * width))  # noqa: E731
    inputs = tf.keras.Input((POSE_SIZE, POSE_SIZE, 3), batch_size=batch, name="image")
    x = conv(inputs, c(16), 3, 2, "stem")  # 96
    x = separable(x, c(16), 1, "b96")
    x = separable(x, c(32), 2, "b48a")
    s48 = separable(x, c(32), 1, "b48b")
    x = separable(s48, c(64), 2, "b24a")
    s24 = separable(x, c(64), 1, "b24b")
    x = separable(s24, c(96), 2, "b12a")
    x = separable(x, c(96), 1, "b12b")
    x = separable(x, c(96), 1, "b12c")
    x = separable(x, c(96), 1, "b12d")
    f24 = separable(upsample_concat(x, s24, "f24"), c(64), 1, "f24s")
    f24 = separable(f24, c(64), 1, "f24t")
    heat = L.Conv2D(17, 1, name="heatmaps")(f24)  # [B, 24, 24, 17]
    # 24x24 = 576 cells: TFLite's reference SOFTMAX aborts on int8 rows whose exponentials sum to 512 or more
    # (a flat row of 512+ cells), so the heatmap stays small; soft-argmax gives sub-cell positions.
    cells = 24 * 24
    logits = L.Reshape((cells, 17), name="heat_flat")(heat)
    logits = L.Permute((2, 1), name="heat_per_keypoint")(logits)  # [B, 17, 576]
    probs = L.Softmax(axis=-1, name="heat_softmax")(logits)
    # Cell centres relative to the image centre, plus 0.5 as the bias: the int8 softmax loses a little
    # probability mass (rows sum to about 0.98), which then pulls a keypoint towards the centre by 2 % of its
    # distance from it instead of towards the corner by 2 % of its coordinate. Identical in float.
    grid = np.zeros((cells, 2), np.float32)
    rows, cols = np.divmod(np.arange(cells), 24)
    grid[:, 0], grid[:, 1] = (rows + 0.5) / 24.0 - 0.5, (cols + 0.5) / 24.0 - 0.5
    soft_argmax = L.Dense(2, use_bias=True, trainable=False, name="soft_argmax")
    yx = soft_argmax(probs)  # [B, 17, 2]
    soft_argmax.set_weights([grid, np.full(2, 0.5, np.float32)])
    presence = L.Conv2D(17, 1, name="presence")(f24)  # [B, 24, 24, 17]
    presence = L.MaxPooling2D(24, name="presence_max")(presence)
    presence = L.Reshape((17, 1), name="presence_flat")(presence)
    score = L.Activation("sigmoid", name="score")(presence)
    out = L.Concatenate(axis=-1, name="yxs")([yx, score])
    out = L.Reshape((1, 17, 3), name="keypoints")(out)
    deploy = tf.keras.Model(inputs, out, name="closetd_pose")
    train = tf.keras.Model(inputs, [out, logits, presence], name="closetd_pose_train")
    return deploy, train


def detector_net(batch: int | None = None, width: float = 1.0):
    """[1,256,192,3] -> scores [1,768,5] (sigmoid centre heatmaps) and boxes [1,768,20] (per class, ltrb / 256)
    on a 32x24 grid of stride 8."""
    c = lambda n: max(8, int(n * width))  # noqa: E731
    inputs = tf.keras.Input((DETECTOR_HEIGHT, DETECTOR_WIDTH, 3), batch_size=batch, name="image")
    x = conv(inputs, c(16), 3, 2, "stem")  # 128x96
    x = separable(x, c(24), 2, "b64a")  # 64x48
    x = separable(x, c(24), 1, "b64b")
    x = separable(x, c(48), 2, "b32a")  # 32x24
    s32 = separable(x, c(48), 1, "b32b")
    x = separable(s32, c(64), 2, "b16a")  # 16x12
    x = separable(x, c(64), 1, "b16b")
    s16 = separable(x, c(64), 1, "b16c")
    x = separable(s16, c(96), 2, "b8a")  # 8x6
    x = separable(x, c(96), 1, "b8b")
    x = separable(x, c(96), 1, "b8c")
    f16 = separable(upsample_concat(x, s16, "f16"), c(64), 1, "f16s")
    f32 = separable(upsample_concat(f16, s32, "f32"), c(64), 1, "f32s")
    f32 = separable(f32, c(64), 1, "f32t")
    # The heads' input is where int8 hurt: rounding these features alone to their int8 step (0.046 over the ADD's
    # 0..11.7) cost float held-out mAP 0.40 -> 0.33, shoes 0.46 -> 0.20 (the box head reads fine differences). So
    # the features are clamped to 0..6 (a ReLU6 fused into the ADD: half the step) and the training model feeds
    # the heads the int8-rounded features (fake quantization, straight-through gradients) so they learn not to
    # depend on differences int8 cannot hold.
    f32 = L.ReLU(6.0, name="f32_clamp")(f32)
    features = FakeQuant(0.0, 6.0, name="f32_fake_quant")(f32)
    cells = (DETECTOR_HEIGHT // 8) * (DETECTOR_WIDTH // 8)
    heat = L.Conv2D(len(DETECTOR_CLASSES), 1, name="heat", bias_initializer=tf.keras.initializers.Constant(-2.2))
    ltrb_conv = L.Conv2D(4 * len(DETECTOR_CLASSES), 1, name="ltrb", bias_initializer=tf.keras.initializers.Constant(0.1))
    heat_logits = heat(f32)
    heat_flat = L.Reshape((cells, len(DETECTOR_CLASSES)), name="heat_flat")(heat_logits)
    ltrb = ltrb_conv(f32)
    # Trained linear (a ReLU on the output can die and stop all box learning). Deployed clamped, because int8
    # spreads 256 steps over the range the representative images reach: far from any garment the linear outputs
    # stray to distances of 3.4 (870 pixels) and logits of -49, which made a box step 3.4 pixels (a pair of shoes
    # is 7 high) and a logit step 0.19. The clamp is a ReLU6 fused into the CONV_2D (the scale and offset that map
    # the wanted range onto 0..6 fold into its weights), then a MUL and ADD back to the contract's units.
    deploy_logits = _clamped(heat_flat, *DETECTOR_LOGIT_RANGE, "heat")
    scores = L.Activation("sigmoid", name="scores")(deploy_logits)
    boxes = L.Reshape((cells, 4 * len(DETECTOR_CLASSES)), name="boxes")(_clamped(ltrb, 0.0, DETECTOR_BOX_RANGE, "ltrb"))
    deploy = tf.keras.Model(inputs, [scores, boxes], name="closetd_detector")
    train_heat = L.Reshape((cells, len(DETECTOR_CLASSES)), name="heat_flat_train")(heat(features))
    train_boxes = L.Reshape((cells, 4 * len(DETECTOR_CLASSES)), name="boxes_linear")(ltrb_conv(features))
    train = tf.keras.Model(inputs, [train_heat, train_boxes], name="closetd_detector_train")
    return deploy, train


def spatial_pool(x, name):
    """A learned weighted average over the whole map per channel: a depthwise convolution with a kernel as
    large as the map and valid padding (DEPTHWISE_CONV_2D), starting as the plain average."""
    h, w = x.shape[1], x.shape[2]
    init = tf.keras.initializers.Constant(1.0 / (h * w))
    pooled = L.DepthwiseConv2D((h, w), padding="valid", use_bias=False, depthwise_initializer=init, name=name)(x)
    return L.Reshape((x.shape[-1],), name=name + "_flat")(pooled)

@tf.keras.utils.register_keras_serializable(package="closetd")
class FakeQuant(L.Layer):
    """Rounds to the 256-step int8 grid over [low, high] in training (straight-through gradients); identity
    otherwise. Not in any deployed model (the converter quantizes for real)."""

    def __init__(self, low: float, high: float, **kwargs):
        super().__init__(**kwargs)
        self.low, self.high = low, high

    def call(self, x, training=None):
        if not training:
            return x
        return tf.quantization.fake_quant_with_min_max_args(x, min=self.low, max=self.high, num_bits=8)

    def get_config(self):
        return {**super().get_config(), "low": self.low, "high": self.high}


# The deployed detector's clamps: logits in [-6, 6] (scores 0.0025..0.9975; the decoding threshold is far above
# the floor) and box distances in [0, 0.75] (192 input pixels a side; the training boxes reach 0.42).
DETECTOR_LOGIT_RANGE = (-6.0, 6.0)
DETECTOR_BOX_RANGE = 0.75


@tf.keras.utils.register_keras_serializable(package="closetd")
class UnitLength(L.Layer):
    """x / |x| over the last axis (tf.math.l2_normalize, which the converter turns into one L2_NORMALIZATION)."""

    def call(self, x):
        return tf.math.l2_normalize(x, axis=-1)


def _clamped(x, low: float, high: float, name: str):
    """x clamped to [low, high] as ReLU6((x - low) * 6 / (high - low)) * (high - low) / 6 + low."""
    span = high - low
    x = L.Rescaling(6.0 / span, offset=-low * 6.0 / span, name=name + "_to_relu6")(x)
    x = L.ReLU(6.0, name=name + "_clamp")(x)
    return L.Rescaling(span / 6.0, offset=low, name=name + "_from_relu6")(x)



def item_attention(s24, s12, s6, hue, c, name="attend", clamped: bool = False, maps: int = 1, fake_quant: bool = False):
    """Where in the crop the item itself is, and the features pooled there.

    A crop is the item's box plus a margin, and much of it can be something else: the top between an open
    jacket's flaps, a long coat over trousers, the background. The head predicts, per cell of a 12 x 12 map,
    whether the cell is the item's own (its logits are trained on the generator's item masks), and the
    embedding pools the four depths' features by the softmax of those logits over the map: a weighted mean over
    the item's cells. The map's side is the input's / ATTENTION_STEP: 12 x 12 = 144 cells at 96 px, 16 x 16 = 256
    at 128 (TFLite's int8 SOFTMAX needs a row < 512). Returns (pooled features, mask logits [12, 12, 1] at 96 px).

    `clamped` feeds the softmax the logits clamped to [-3, 3]: every cell the head is sure of (logit 3 or more)
    then weighs alike, and one it rejects (-3 or less) about 400 times less. Plain logits let the one or two
    largest cells take nearly all the weight, which is not the item's spread.

    With `maps` > 1 there is one map per condition (`garment_net(conditioned=True)`: the detector's coarse classes),
    each from its own 1 x 1 convolution over the shared context, and the pooled features and logits are lists, one
    per map: a crop of a top under an open jacket is framed much like the jacket's own, and only the condition
    tells which of the two it is about."""
    cells = s12.shape[1]  # the input side / 8
    grid = L.Concatenate(name=name + "_grid")([
        L.AveragePooling2D(2, name=name + "_s24_down")(s24), s12,
        L.Resizing(cells, cells, interpolation="nearest", name=name + "_s6_up")(s6),
        L.AveragePooling2D(2, name=name + "_hue_down")(hue),
    ])  # fmt: skip
    h = conv(grid, c(48), 1, 1, name + "_in", fake_quant=fake_quant)
    h = separable(h, c(48), 1, name + "_ctx1", fake_quant)
    h = separable(h, c(48), 1, name + "_ctx2", fake_quant)
    pooled, all_logits = [], []
    for k in range(maps):
        at = name if maps == 1 else f"{name}_c{k}"
        logits = L.Conv2D(1, 1, name=at + "_logits")(h)
        weights = _clamped(logits, -3.0, 3.0, at + "_sure") if clamped else logits
        weights = L.Reshape((cells * cells,), name=at + "_flat")(weights)
        weights = L.Softmax(name=at + "_softmax")(weights)
        weights = L.Reshape((cells, cells, 1), name=at + "_map")(weights)
        weighted = L.Multiply(name=at + "_weigh")([grid, weights])
        pooled.append(L.GlobalAveragePooling2D(name=at + "_pool")(weighted))
        all_logits.append(logits)
    if maps == 1:
        return pooled[0], all_logits[0]
    return pooled, L.Concatenate(name=name + "_logits_by_condition")(all_logits)


# The item-colour part of the embedding (`item_colour`): an opponent transform of the item's mean sRGB (0..255),
# lightness and two colour-difference axes, scaled so that it starts at the weight it earns next to a learnt part of
# norm ~33 (the 1.3.0 embedding's); and the class posterior's start weight. Training moves both.
ITEM_COLOUR_START = np.array([[1 / 3, 1 / 3, 1 / 3], [2.0, -2.0, 0.0], [1.0, 1.0, -2.0]]) * 0.52
CLASS_POSTERIOR_START = 33.0


def sure_cells_pool(cells, mask_logits, name: str, weight_cap: float | None = None, shift: str = "_sure"):
    """The cells of the crop an attention map is sure of, and `cells` pooled by them: weights, the softmax over the
    map of 4 x (logits clamped to [-3, 3] + 3), each capped at `weight_cap` when given; returns (weights [side, side,
    1], the mean of cells x weights over the map, i.e. the weighted sum / side^2). Layer names are `name` plus
    `shift` + "_shift" / "_clamp" for the first two (as the builds that use them were saved), then "_sharpen",
    "_flat", "_softmax", "_cap_scale", "_cap", "_cap_back", "_map", "_weigh", "_pool"."""
    side = cells.shape[1]
    sure = L.Rescaling(1.0, offset=3.0, name=name + shift + "_shift")(mask_logits)
    sure = L.ReLU(6.0, name=name + shift + "_clamp")(sure)
    sure = L.Rescaling(4.0, name=name + "_sharpen")(sure)
    weights = L.Softmax(name=name + "_softmax")(L.Reshape((side * side,), name=name + "_flat")(sure))
    if weight_cap is not None:
        weights = L.ReLU(6.0, name=name + "_cap")(L.Rescaling(6.0 / weight_cap, name=name + "_cap_scale")(weights))
        weights = L.Rescaling(weight_cap / 6.0, name=name + "_cap_back")(weights)
    weights = L.Reshape((side, side, 1), name=name + "_map")(weights)
    return weights, L.GlobalAveragePooling2D(name=name + "_pool")(L.Multiply(name=name + "_weigh")([cells, weights]))


def item_colour_parts(inputs, mask_logits, logits, name="item", weight_cap: float | None = None):
    """What tells two garments of one category apart most surely, in numbers a cosine sees directly: the item's
    colour, the mean of the crop's 8 x 8 px cells weighed by a sharpened copy of the attention map (logits clamped
    to [-3, 3], times 4: the cells the head is surest of, away from the item's edges), through a linear opponent
    transform; and the class posterior. Returns (colour [3], posterior [13]).

    `weight_cap` caps each cell's weight (a MUL with a fused RELU6, then a MUL back); only crops with fewer than
    1 / cap sure cells change. In int8 the product of the cells and their weights is quantised over its largest
    value in the representative crops, which a crop with a few sure cells sets (a weight near 0.5): a typical
    product (a weight near 1/60) was then a couple of steps, rounded differently per channel. Capped at 0.2, the
    96 px build's step went from 0.86 to 0.20 and its colour part's relative rms error from 0.136 to 0.055."""
    cells = L.AveragePooling2D(ATTENTION_STEP, name=name + "_cells")(inputs)  # [12, 12, 3] at 96 px
    n = cells.shape[1] * cells.shape[2]
    _, mean = sure_cells_pool(cells, mask_logits, name, weight_cap)
    start = tf.keras.initializers.Constant((ITEM_COLOUR_START * n).T)  # the pool is the weighted sum over n cells
    colour = L.Dense(3, use_bias=False, kernel_initializer=start, name=name + "_colour")(mean)
    posterior = L.Softmax(name=name + "_posterior_softmax")(logits)
    posterior = L.Dense(len(GARMENT_LABELS), use_bias=False, name=name + "_posterior",
                        kernel_initializer=tf.keras.initializers.Identity(CLASS_POSTERIOR_START))(posterior)  # fmt: skip
    return colour, posterior


def garment_net(batch: int | None = None, width: float = 1.0, embedding: int = 64, attention: bool = False,
                clamped: bool = False, item_colour: bool = False, size: int = GARMENT_SIZE,
                weight_cap: float | None = None, conditioned: bool = False, attended_gain: bool = False,
                fake_quant: bool = False):
    """[1,size,size,3] (96 in every release; a multiple of 16) -> logits [1,13] and an embedding [1,64] (L2-normalised by
    the consumer; with `item_colour`, [1,80]). The map sides below are at 96 px.

    The classifier reads the last stage (and a colour path); the embedding has its own head over features
    pooled from three depths (24x24, 12x12, 6x6) and the colour path, because what tells two items of one
    category apart (pattern period, secondary colour, shade) lives in the earlier, finer features that the
    category does not need.

    `conditioned` (needs `attention`): one attention map per coarse class of the detector (CONDITIONS), and the
    classifier and the embedding computed once per map with the same weights: logits [1, 5, 13] and embedding
    [1, 5, 64], row k for a crop the detector found as coarse class k. The consumer reads the row of the class it
    cropped for; the crop alone often cannot say which of two layered garments it is about.

    `attended_gain` (conditioned builds): the attended features reach the classifier and the embedding scaled up
    (`ATTENDED_GAINS`), so that int8 keeps them. `fake_quant`: every ReLU6 output is rounded in training as int8
    rounds it (`_relu6`); the deploy model computes the same either way."""
    c = lambda n: max(8, int(n * width))  # noqa: E731
    cv, sep = functools.partial(conv, fake_quant=fake_quant), functools.partial(separable, fake_quant=fake_quant)
    if conditioned and (not attention or item_colour):
        raise ValueError("garment_net: conditioned needs attention and does not take item_colour")
    if size % 16 or size < 32:
        raise ValueError(f"garment_net: the input side must be a multiple of 16 from 32, not {size}")
    inputs = tf.keras.Input((size, size, 3), batch_size=batch, name="image")
    x = cv(inputs, c(24), 3, 2, "stem")  # 48
    x = sep(x, c(32), 1, "b48")
    x = sep(x, c(48), 2, "b24a")
    s24 = sep(x, c(48), 1, "b24b")
    x = sep(s24, c(96), 2, "b12a")
    s12 = sep(x, c(96), 1, "b12b")
    x = sep(s12, c(128), 2, "b6a")
    x = sep(x, c(128), 1, "b6b")
    pooled = L.GlobalAveragePooling2D(name="pool")(x)
    # Colour survives global pooling better with a direct path from early features.
    early = L.GlobalAveragePooling2D(name="pool_early")(cv(inputs, c(16), 3, 4, "colour"))
    hue = cv(inputs, c(48), 3, 4, "reid_colour")  # 24
    if conditioned:
        return _conditioned_heads(inputs, pooled, early, s24, s12, x, hue, c, clamped, embedding, attended_gain, fake_quant)
    if attention:  # the item's own features, for the classifier (the top between open flaps) and the embedding
        attended, mask_logits = item_attention(s24, s12, x, hue, c, clamped=clamped, fake_quant=fake_quant)
    # Attended features come last in each concatenation, so that a model without them grows into one with them
    # (`grow_attention`).
    features = L.Concatenate(name="features")([pooled, early] + ([attended] if attention else []))
    hidden = L.Dense(c(128), name="hidden")(features)
    hidden = L.ReLU(name="hidden_relu")(hidden)
    logits = L.Dense(len(GARMENT_LABELS), name="logits")(hidden)
    # The embedding pools each depth with a learned per-channel spatial weighting (a depthwise convolution as
    # large as the map, initialised to the plain average) so it can weigh the garment at the centre of the
    # crop over the background and neighbouring garments at its edges, plus a wider colour path.
    pools = [
        spatial_pool(x, "reid_pool6"), spatial_pool(s12, "reid_pool12"), spatial_pool(s24, "reid_pool24"),
        spatial_pool(hue, "reid_pool_colour"), L.GlobalAveragePooling2D(name="reid_pool_colour_mean")(hue),
    ]  # fmt: skip
    if attention:
        pools.append(attended)
    texture = L.Concatenate(name="reid_features")(pools)
    reid = L.Dense(c(192), name="reid_hidden")(texture)
    reid = L.ReLU(name="reid_hidden_relu")(reid)
    emb = L.Dense(embedding, name="reid_embedding")(reid)
    if item_colour:  # the learnt embedding, then the item's colour and class posterior (`item_colour_parts`)
        if not attention:
            raise ValueError("garment_net: item_colour weighs the crop by the attention map; it needs attention")
        colour, posterior = item_colour_parts(inputs, mask_logits, logits, weight_cap=weight_cap)
        emb = L.Concatenate(name="embedding")([emb, colour, posterior])
    deploy = tf.keras.Model(inputs, [logits, emb], name="closetd_garment")
    if not attention:
        return deploy, deploy
    return deploy, tf.keras.Model(inputs, [logits, emb, mask_logits], name="closetd_garment_train")


# The conditions of a conditioned garment model: the detector's coarse classes, in its order (data.COARSE_CLASS).
CONDITIONS = len(DETECTOR_CLASSES)


# The attended features are a mean over the map of the cells' features times their softmax weights, which sum to 1:
# about 1 / cells of the item's own mean (run E, 256 cells, 300 crops: rms 0.006, largest 0.027). TFLite's converter
# gives a concatenation's inputs its output's scale, set by the widest of them (0..6 for the classifier's, about
# -60..60 for the embedding's), so in garment 1.7.0's int8 file (and run E's) the attended features rounded to zero:
# the deployed model never saw them (earlier builds were not checked). `attended_gain` scales them before each
# concatenation by these factors times the cells in the map, to about 0..6 and 0..50, and the dense rows that read
# them are divided by the same (`gain_attended`).
ATTENDED_GAINS = {"classify": 1.0, "reid": 8.0}


def _conditioned_heads(inputs, pooled, early, s24, s12, x, hue, c, clamped: bool, embedding: int,
                       attended_gain: bool = False, fake_quant: bool = False):
    """The heads of `garment_net(conditioned=True)`: per condition, its attention map's pooled features read by
    the same classifier and embedding layers as the unconditioned build's (same names), so that a trained
    unconditioned build grows into one (`grow_conditioned`)."""
    attended, mask_logits = item_attention(s24, s12, x, hue, c, clamped=clamped, maps=CONDITIONS, fake_quant=fake_quant)
    cells = s12.shape[1] * s12.shape[2]
    hidden, hidden_relu = L.Dense(c(128), name="hidden"), L.ReLU(name="hidden_relu")
    classify = L.Dense(len(GARMENT_LABELS), name="logits")
    spatial = [(x, "reid_pool6"), (s12, "reid_pool12"), (s24, "reid_pool24"), (hue, "reid_pool_colour")]
    pools = [spatial_pool(m, name) for m, name in spatial] + [L.GlobalAveragePooling2D(name="reid_pool_colour_mean")(hue)]
    reid_hidden, reid_relu = L.Dense(c(192), name="reid_hidden"), L.ReLU(name="reid_hidden_relu")
    embed = L.Dense(embedding, name="reid_embedding")
    logits, embeddings = [], []
    for k, own in enumerate(attended):
        own_classify, own_reid = own, own
        if attended_gain:
            own_classify = L.Rescaling(ATTENDED_GAINS["classify"] * cells, name=f"attend_c{k}_gain_classify")(own)
            own_reid = L.Rescaling(ATTENDED_GAINS["reid"] * cells, name=f"attend_c{k}_gain_reid")(own)
        features = L.Concatenate(name=f"features_c{k}")([pooled, early, own_classify])
        logits.append(L.Reshape((1, len(GARMENT_LABELS)), name=f"logits_c{k}")(classify(hidden_relu(hidden(features)))))
        texture = L.Concatenate(name=f"reid_features_c{k}")(pools + [own_reid])
        embeddings.append(L.Reshape((1, embedding), name=f"embedding_c{k}")(embed(reid_relu(reid_hidden(texture)))))
    logits = L.Concatenate(axis=1, name="logits_by_condition")(logits)
    emb = L.Concatenate(axis=1, name="embedding_by_condition")(embeddings)
    deploy = tf.keras.Model(inputs, [logits, emb], name="closetd_garment")
    return deploy, tf.keras.Model(inputs, [logits, emb, mask_logits], name="closetd_garment_train")


def gain_attended(old: tf.keras.Model, new: tf.keras.Model) -> None:
    """Copies a conditioned build without `attended_gain` into one with it (same layer names otherwise) so that the
    new one computes what the old one did: the rows of the classifier's and the embedding's first dense layers that
    read the attended features (the last rows) are divided by the gains, as the new build's own layers hold them."""
    saved = {layer.name: layer for layer in old.layers}
    if "attend_c0_gain_reid" in saved:
        raise ValueError("gain_attended: the old model already has the gains")
    gains = {"hidden": new.get_layer("attend_c0_gain_classify").scale,
             "reid_hidden": new.get_layer("attend_c0_gain_reid").scale}
    attended = new.get_layer("attend_c0_pool").output.shape[-1]
    for layer in new.layers:
        weights = layer.get_weights()
        if not weights:
            continue
        if layer.name not in saved:
            raise ValueError(f"gain_attended: the old model has no layer {layer.name}: not a build of the same network")
        before = [w.copy() for w in saved[layer.name].get_weights()]
        if [w.shape for w in before] != [w.shape for w in weights]:
            raise ValueError(f"gain_attended: layer {layer.name} does not fit: not a build of the same network")
        if layer.name in gains:
            before[0][-attended:] /= gains[layer.name]
        layer.set_weights(before)


def grow_conditioned(old: tf.keras.Model, new: tf.keras.Model) -> None:
    """Starts a conditioned build from a trained unconditioned one with attention, computing exactly what the old
    one did for every condition: shared layers take the old weights, each condition's map head a copy of the old
    map head."""
    saved = {layer.name: layer for layer in old.layers}
    if "attend_logits" not in saved:
        raise ValueError("grow_conditioned: the old model has no item attention (train it with --attention first)")
    for layer in new.layers:
        if not layer.get_weights():
            continue
        source = "attend_logits" if layer.name.startswith("attend_c") and layer.name.endswith("_logits") else layer.name
        if source not in saved:
            raise ValueError(f"grow_conditioned: the old model has no layer {source}: not a build of the same network")
        before = saved[source].get_weights()
        if [w.shape for w in before] != [w.shape for w in layer.get_weights()]:
            raise ValueError(f"grow_conditioned: layer {layer.name} does not fit: not a build of the same network")
        layer.set_weights(before)


def grow_item_colour(old: tf.keras.Model, new: tf.keras.Model) -> None:
    """Starts an `item_colour` build from a trained build without it: every layer of the old one gives its weights
    to the layer of that name, and the new layers keep their start values."""
    saved = {layer.name: layer for layer in old.layers}
    taken = 0
    for layer in new.layers:
        if layer.name in saved and layer.get_weights():
            before = saved[layer.name].get_weights()
            if [w.shape for w in before] != [w.shape for w in layer.get_weights()]:
                raise ValueError(f"grow_item_colour: layer {layer.name} does not fit: not a build of the same network")
            layer.set_weights(before)
            taken += 1
    if taken != sum(1 for layer in old.layers if layer.get_weights()):
        raise ValueError("grow_item_colour: the old model has layers the new build lacks")


def grow_attention(old: tf.keras.Model, new: tf.keras.Model) -> None:
    """Starts a build with item attention from a trained build without it, computing exactly what the old one
    did: every layer the two share takes the old weights, and the dense layers that read the attended features
    (the classifier's and the embedding's first) read them through rows that start at zero (training then grows
    them)."""
    saved = {layer.name: layer for layer in old.layers}
    for layer in new.layers:
        if layer.name not in saved or not layer.get_weights():
            continue
        before, weights = saved[layer.name].get_weights(), layer.get_weights()
        if isinstance(layer, L.Dense) and before[0].shape[0] < weights[0].shape[0] and before[0].shape[1:] == weights[0].shape[1:]:
            rows = before[0].shape[0]
            weights[0][:] = 0.0
            weights[0][:rows] = before[0]
            weights[1][:] = before[1]
            layer.set_weights(weights)
        elif [w.shape for w in before] == [w.shape for w in weights]:
            layer.set_weights(before)
        else:
            raise ValueError(f"grow_attention: layer {layer.name} does not fit: not a build of the same network")


def resize_into(old: tf.keras.Model, new: tf.keras.Model) -> None:
    """Starts a garment build of another input side from a trained one: convolutions and dense layers keep their
    weights (they do not depend on the side); each learned spatial pool's kernel (as large as its map) is
    resampled bilinearly to the new map and scaled by the ratio of the areas, so that it weighs the same regions,
    then shifted so that it sums to exactly the same total (a uniform map pools to what it did); the item-colour
    transform reads a mean over more or fewer cells (side / ATTENTION_STEP a side) and is scaled by their ratio.
    The resized model then needs training at its side: its features see garments at another scale."""
    saved = {layer.name: layer for layer in old.layers}
    cell_ratio = (new.inputs[0].shape[1] / old.inputs[0].shape[1]) ** 2
    for layer in new.layers:
        weights = layer.get_weights()
        if not weights:
            continue
        if layer.name not in saved:
            raise ValueError(f"resize_into: the old model has no layer {layer.name}: not a build of the same network")
        before = saved[layer.name].get_weights()
        if layer.name == "item_colour":
            before = [before[0] * cell_ratio]
        if [w.shape for w in before] == [w.shape for w in weights]:
            layer.set_weights(before)
        elif isinstance(layer, L.DepthwiseConv2D) and len(before) == 1 and before[0].shape[2:] == weights[0].shape[2:]:
            kernel = before[0]  # [h, w, channels, 1]
            h, w = weights[0].shape[:2]
            maps = np.transpose(kernel[..., 0], (2, 0, 1))[..., None]  # [channels, h, w, 1]
            resized = tf.image.resize(maps, (h, w), method="bilinear").numpy()[..., 0]
            scale = kernel.shape[0] * kernel.shape[1] / (h * w)
            resized = np.transpose(resized, (1, 2, 0))[..., None] * scale
            resized += (kernel.sum(axis=(0, 1)) - resized.sum(axis=(0, 1))) / (h * w)  # each channel's total exactly
            layer.set_weights([resized.astype(np.float32)])
        else:
            raise ValueError(f"resize_into: layer {layer.name} does not fit: not a build of the same network")


def widen_into(old: tf.keras.Model, new: tf.keras.Model) -> None:
    """Copies a trained model into a wider build of the same network (same layer names, more channels or units)
    so that the wider one computes exactly what the old one did: each old channel keeps its place and weights,
    a new channel starts from the new build's initial weights, and what an old channel reads from a new one
    starts at zero. Training then grows the new channels from there (the weights reading them get gradients)."""
    saved = {layer.name: layer for layer in old.layers}
    places: dict[str, np.ndarray] = {}  # layer name -> where its old output channels sit in its new output

    def inbound(layer):
        tensors = layer.input if isinstance(layer.input, list) else [layer.input]
        return [t._keras_history.operation.name for t in tensors]

    for layer in new.layers:
        if isinstance(layer, L.InputLayer):
            places[layer.name] = np.arange(layer.output.shape[-1])
            continue
        sources = inbound(layer)
        if isinstance(layer, L.Concatenate):
            offset, parts = 0, []
            for name in sources:
                parts.append(places[name] + offset)
                offset += new.get_layer(name).output.shape[-1]
            places[layer.name] = np.concatenate(parts)
            continue
        within = places[sources[0]]
        weights = layer.get_weights()
        if not weights:  # ReLU, Add, pooling, Reshape: channels pass through in place
            places[layer.name] = within
            continue
        before = saved[layer.name].get_weights() if layer.name in saved else []
        if len(before) != len(weights) or any(
            b.ndim != w.ndim or any(bd > wd for bd, wd in zip(b.shape, w.shape)) for b, w in zip(before, weights)
        ):
            raise ValueError(f"widen_into: layer {layer.name} does not fit: not a build of the same network")
        if isinstance(layer, L.DepthwiseConv2D) or isinstance(layer, L.BatchNormalization):
            for w, b in zip(weights, before):  # depthwise kernel [h, w, channels, 1]; BN vectors [channels]
                if w.ndim == 4:
                    w[:, :, within, :] = b
                else:
                    w[within] = b
            places[layer.name] = within
        elif isinstance(layer, (L.Conv2D, L.Dense)):
            kernel = weights[0]
            outputs = before[0].shape[-1]
            kernel[..., :outputs] = 0.0
            kernel[..., within, :outputs] = before[0]
            if len(weights) > 1:
                weights[1][:outputs] = before[1]
            places[layer.name] = np.arange(outputs)
        else:
            raise ValueError(f"widen_into: no rule for layer {layer.name} ({type(layer).__name__})")
        layer.set_weights(weights)


def macs(model: tf.keras.Model) -> int:
    """Multiply-accumulates of one inference (convolutions, depthwise, dense), batch 1."""
    total = 0
    for layer in model.layers:
        if isinstance(layer, L.DepthwiseConv2D):
            _, h, w, ch = layer.output.shape
            total += h * w * ch * layer.kernel_size[0] * layer.kernel_size[1]
        elif isinstance(layer, L.Conv2D):
            _, h, w, out = layer.output.shape
            total += h * w * out * layer.input.shape[-1] * layer.kernel_size[0] * layer.kernel_size[1]
        elif isinstance(layer, L.Dense):
            rows = int(np.prod(layer.input.shape[1:-1])) if len(layer.input.shape) > 2 else 1
            total += rows * layer.input.shape[-1] * layer.units
    return int(total)


# The colour code of a conditioned garment build (`colour_coded`): fixed prototypes in CIELAB (a seeded uniform draw
# over L 0..100, a and b -60..70) and the width of each one's bump.
COLOUR_CODE_PROTOTYPES = 128
COLOUR_CODE_SEED = 0
COLOUR_CODE_WEIGHT_CAP = 0.2  # the largest weight of one cell in the mean colour (see item_colour_parts)
COLOUR_CODE_DIFF_CLAMP = 50.0  # CIELAB units per axis; at sigma 20 one clamped axis alone takes the exponent to -3.1 (its floor: -6)


def colour_code_prototypes(count: int = COLOUR_CODE_PROTOTYPES, seed: int = COLOUR_CODE_SEED) -> np.ndarray:
    return np.random.default_rng(seed).uniform([0.0, -60.0, -60.0], [100.0, 70.0, 70.0], (count, 3))


def srgb_to_lab(rgb: np.ndarray) -> np.ndarray:
    """CIELAB (D65) of sRGB values 0..255, [..., 3]."""
    c = np.asarray(rgb, np.float64) / 255.0
    c = np.where(c > 0.04045, ((c + 0.055) / 1.055) ** 2.4, c / 12.92)
    xyz = c @ np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]).T
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16.0 / 116.0)
    return np.stack([116.0 * f[..., 1] - 16.0, 500.0 * (f[..., 0] - f[..., 1]), 200.0 * (f[..., 1] - f[..., 2])], -1)


def fit_lab_mlp(seed: int = 0, samples: int = 200_000) -> list[np.ndarray]:
    """Weights of a small ReLU network (4 -> 48 -> 48 -> 3) fitted to give `srgb_to_lab(c)` from (w c / 255, w): a
    weighted sum of sRGB values and the sum w of the weights, w log-uniform in 0.8 x COLOUR_CODE_WEIGHT_CAP...1.2,
    uniform sRGB samples. The int8 model has neither a power, a cube root nor a division; its weights are capped
    (`colour_coded`) and on a grid of 1/256 they sum to 1 only within a few per cent, which the network divides out.
    Median error 1.7-1.9 ΔE, 95th percentile 3.4-3.7, for sums from 0.16 to 1.05 (2026-11-26)."""
    rng = np.random.default_rng(seed)
    c = rng.uniform(0, 255, (samples, 3))
    w = np.exp(rng.uniform(np.log(COLOUR_CODE_WEIGHT_CAP * 0.8), np.log(1.2), (samples, 1)))
    x = np.concatenate([w * c / 255.0, w], 1).astype(np.float32)
    y = srgb_to_lab(c).astype(np.float32)
    tf.keras.utils.set_random_seed(seed)
    net = tf.keras.Sequential([tf.keras.Input((4,)), L.Dense(48, activation="relu"), L.Dense(48, activation="relu"),
                               L.Dense(3)])  # fmt: skip
    net.compile(tf.keras.optimizers.Adam(3e-3), "mse")
    net.fit(x, y, batch_size=512, epochs=12, verbose=0)
    net.optimizer.learning_rate.assign(3e-4)
    net.fit(x, y, batch_size=512, epochs=8, verbose=0)
    return [w for layer in net.layers for w in layer.get_weights()]


def colour_coded(train: tf.keras.Model, lab_weights: list[np.ndarray], sigma: float, gain: float,
                 prototypes: np.ndarray | None = None, unit_learnt: bool = False) -> tf.keras.Model:
    """A conditioned garment build (`garment_net(conditioned=True)`'s training model, its weights set) whose
    embedding rows also hold a colour code: per condition, the mean sRGB of the crop's 8 x 8 px cells that its
    attention map is sure of (the softmax of 4 x (clamped logits + 3), as `item_colour_parts`), through the fitted
    network to CIELAB, then a soft assignment to the prototypes, softmax(-d^2 / 2 sigma^2) with the exponent clamped
    at -6, times `gain`. Two crops of one colour share their code whatever its norm; one of a colour sigma or more
    away shares little. Returns the deploy model: logits [1, 5, 13], embedding [1, 5, 64 + prototypes].

    `unit_learnt`: the learnt part is scaled to unit length (L2_NORMALIZATION) before the code is appended, so the
    code weighs the same beside every crop's learnt part. Without it (garment 1.5.0) the code weighs more beside a
    crop whose learnt part happens to be short.

    What it is for: where an item hardly shows (a top between a coat's flaps, 5-20 % of the crop), the learnt part
    of the embedding describes mostly what is around it; the colour of the cells the map picks out is still its own."""
    prototypes = colour_code_prototypes() if prototypes is None else np.asarray(prototypes, np.float64)
    count = len(prototypes)
    inputs = train.inputs[0]
    side = int(inputs.shape[1]) // ATTENTION_STEP
    n = side * side
    cells = L.AveragePooling2D(ATTENTION_STEP, name="code_cells")(inputs)
    to_lab = [L.Dense(48, activation="relu", name="code_lab1"), L.Dense(48, activation="relu", name="code_lab2"),
              L.Dense(3, name="code_lab3")]  # fmt: skip
    near, squared = L.Dense(3 * count, name="code_near"), L.Dense(count, use_bias=False, name="code_squared")
    rows = []
    for k in range(CONDITIONS):
        # Capped: in int8 the products of cells and weights are quantised over their largest value, which a crop of
        # one or two sure cells (a weight near 1) set, and a typical product (a weight near 1/40) was then a step or two.
        weights, mean = sure_cells_pool(cells, train.get_layer(f"attend_c{k}_logits").output, f"code{k}",
                                        COLOUR_CODE_WEIGHT_CAP, shift="")  # fmt: skip
        total = L.Rescaling(float(n), name=f"code{k}_total")(L.GlobalAveragePooling2D(name=f"code{k}_sum")(weights))
        lab = L.Concatenate(name=f"code{k}_sums")([L.Rescaling(n / 255.0, name=f"code{k}_unit")(mean), total])
        for layer in to_lab:
            lab = layer(lab)
        # -|lab - p|^2 / 2 sigma^2, clamped to [-6, 0]. The differences to every prototype are clamped to
        # +-DIFF_CLAMP before squaring: in int8, a square is quantised over its largest value, and what decides the
        # code is the near prototypes' small squares (the sum of two large terms, 2 lab.p and |lab|^2, lost them).
        diff = _clamped(near(lab), -COLOUR_CODE_DIFF_CLAMP, COLOUR_CODE_DIFF_CLAMP, f"code{k}_diff")
        exponent = squared(L.Multiply(name=f"code{k}_square")([diff, diff]))
        exponent = L.ReLU(6.0, name=f"code{k}_floor")(L.Rescaling(-1.0, name=f"code{k}_negate")(exponent))
        exponent = L.Rescaling(-1.0, name=f"code{k}_back")(exponent)
        code = L.Rescaling(gain, name=f"code{k}_gain")(L.Softmax(name=f"code{k}_assign")(exponent))
        learnt = L.Reshape((-1,), name=f"code{k}_learnt")(train.get_layer(f"embedding_c{k}").output)
        if unit_learnt:
            learnt = UnitLength(name=f"code{k}_unit_learnt")(learnt)
        row = L.Concatenate(name=f"code{k}_row")([learnt, code])
        rows.append(L.Reshape((1, row.shape[-1]), name=f"code{k}_out")(row))
    emb = L.Concatenate(axis=1, name="embedding_coded")(rows)
    model = tf.keras.Model(inputs, [train.outputs[0], emb], name="closetd_garment")
    for layer, (w, b) in zip(("code_lab1", "code_lab2", "code_lab3"), zip(lab_weights[0::2], lab_weights[1::2])):
        model.get_layer(layer).set_weights([w, b])
    # near: lab -> (lab - p_j) for every prototype j (3 values each); squared: -(sum of each three) / 2 sigma^2
    model.get_layer("code_near").set_weights([np.tile(np.eye(3, dtype=np.float32), (1, count)),
                                              (-prototypes).reshape(-1).astype(np.float32)])  # fmt: skip
    model.get_layer("code_squared").set_weights([np.kron(np.eye(count), np.ones((3, 1))).astype(np.float32) * np.float32(-1.0 / (2.0 * sigma**2))])
    return model
