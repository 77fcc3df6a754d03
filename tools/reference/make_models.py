"""Builds the model-level fixtures with TensorFlow's converter (full-integer int8, representative dataset, random
weights): MobileNetV2 (alpha 0.35, 160x160, logits), a pose-like net (heatmaps + offsets) and a detector-like net
(class logits + boxes per anchor). Writes each .tflite plus an input and BUILTIN_REF's outputs as .npy.
Needs `pip install tensorflow-cpu ai-edge-litert` (not needed in CI: the outputs are committed).
Usage: python make_models.py OUT_DIR"""

import os
import sys

import numpy as np
import tensorflow as tf
from ai_edge_litert.interpreter import Interpreter, OpResolverType

tf.keras.utils.set_random_seed(2026)


def separable(x, filters, stride, name):
    x = tf.keras.layers.DepthwiseConv2D(3, strides=stride, padding="same", use_bias=False, name=name + "_dw")(x)
    x = tf.keras.layers.BatchNormalization(name=name + "_dw_bn")(x)
    x = tf.keras.layers.ReLU(6.0, name=name + "_dw_relu")(x)
    x = tf.keras.layers.Conv2D(filters, 1, use_bias=False, name=name + "_pw")(x)
    x = tf.keras.layers.BatchNormalization(name=name + "_pw_bn")(x)
    return tf.keras.layers.ReLU(6.0, name=name + "_pw_relu")(x)


def backbone(inputs, widths, taps=()):
    """Returns the last feature map and those after the blocks listed in `taps`."""
    x = tf.keras.layers.Conv2D(widths[0], 3, strides=2, padding="same", use_bias=False, name="stem")(inputs)
    x = tf.keras.layers.BatchNormalization(name="stem_bn")(x)
    x = tf.keras.layers.ReLU(6.0, name="stem_relu")(x)
    features = []
    for i, (w, s) in enumerate(zip(widths[1:], [1, 2, 1, 2, 1, 2, 1])):
        y = separable(x, w, s, f"block{i}")
        x = tf.keras.layers.Add(name=f"block{i}_add")([x, y]) if s == 1 and y.shape[-1] == x.shape[-1] else y
        if i in taps:
            features.append(x)
    return x, features


def pose_net():
    inputs = tf.keras.Input((192, 192, 3), batch_size=1)
    x, (skip,) = backbone(inputs, [16, 24, 32, 32, 64, 64, 96, 96], taps=(4,))
    # Upsample the deep features to the skip's resolution and fuse them (RESIZE_NEAREST_NEIGHBOR, CONCATENATION).
    up = tf.keras.layers.Resizing(skip.shape[1], skip.shape[2], interpolation="nearest", name="upsample")(x)
    x = tf.keras.layers.Concatenate(name="fuse")([up, skip])
    x = separable(x, 64, 1, "head")
    heat = tf.keras.layers.Conv2D(17, 1, name="heatmaps")(x)
    offsets = tf.keras.layers.Conv2D(34, 1, name="offsets")(x)
    return tf.keras.Model(inputs, [heat, offsets], name="pose_like")


def detector_net():
    inputs = tf.keras.Input((160, 160, 3), batch_size=1)  # static shapes: no SHAPE/PACK for Reshape
    x, _ = backbone(inputs, [16, 24, 32, 32, 64, 64, 128, 128])
    x = tf.keras.layers.MaxPooling2D(2, name="pool")(x)
    anchors, classes = 3, 8
    cells = x.shape[1] * x.shape[2] * anchors
    cls = tf.keras.layers.Conv2D(anchors * classes, 3, padding="same", name="class_head")(x)
    box = tf.keras.layers.Conv2D(anchors * 4, 3, padding="same", name="box_head")(x)
    cls = tf.keras.layers.Reshape((cells, classes), name="class_logits")(cls)
    box = tf.keras.layers.Reshape((cells, 4), name="boxes")(box)
    return tf.keras.Model(inputs, [cls, box], name="detector_like")


def mobilenet_v2():
    return tf.keras.applications.MobileNetV2(input_shape=(160, 160, 3), alpha=0.35, weights=None,
                                             classifier_activation=None)


def convert(model, float_output=False):
    shape = model.input_shape[1:]

    def representative():
        rng = np.random.default_rng(0)
        for _ in range(16):
            yield [rng.uniform(-1, 1, size=(1, *shape)).astype(np.float32)]

    converter = tf.lite.TFLiteConverter.from_keras_model(model)
    converter.optimizations = [tf.lite.Optimize.DEFAULT]
    converter.representative_dataset = representative
    converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    converter.inference_input_type = tf.int8
    converter.inference_output_type = tf.float32 if float_output else tf.int8
    return converter.convert()


def pose_head():
    """The lead's keypoint head: heatmaps [1,24,24,17] -> TRANSPOSE -> RESHAPE [1,17,576] -> SOFTMAX -> FULLY_CONNECTED
    with constant weights (soft-argmax over the 24x24 grid), LOGISTIC scores, TANH and HARD_SWISH on the way,
    CONCATENATION, float32 output (DEQUANTIZE)."""
    inputs = tf.keras.Input((24, 24, 8), batch_size=1, name="features")
    x = tf.keras.layers.Conv2D(16, 3, padding="same", name="head_conv")(inputs)
    x = tf.keras.layers.Activation("hard_swish", name="head_hswish")(x)
    heat = tf.keras.layers.Conv2D(17, 1, name="heatmaps")(x)
    t = tf.keras.layers.Permute((3, 1, 2), name="to_channels_first")(heat)
    r = tf.keras.layers.Reshape((17, 576), name="flatten_maps")(t)
    p = tf.keras.layers.Softmax(axis=-1, name="softmax")(r)
    grid = np.stack(np.meshgrid(np.arange(24), np.arange(24), indexing="ij"), -1).reshape(576, 2) / 23.0
    xy = tf.keras.layers.Dense(2, use_bias=False, name="soft_argmax")
    xy_out = xy(p)
    xy.set_weights([grid.astype(np.float32)])
    g = tf.keras.layers.GlobalAveragePooling2D(name="pool")(heat)
    score = tf.keras.layers.Dense(17, activation="sigmoid", name="scores")(g)
    score = tf.keras.layers.Reshape((17, 1), name="scores_column")(score)
    offset = tf.keras.layers.Dense(17, activation="tanh", name="offsets")(g)
    offset = tf.keras.layers.Reshape((17, 1), name="offsets_column")(offset)
    out = tf.keras.layers.Concatenate(axis=-1, name="keypoints")([xy_out, score, offset])
    return tf.keras.Model(inputs, out)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    only = sys.argv[2:]  # optional: names to rebuild
    for name, build in [("mobilenet_v2_035_160", mobilenet_v2), ("pose_like_192", pose_net),
                        ("detector_like_160", detector_net), ("pose_head_24", pose_head)]:
        if only and name not in only:
            continue
        data = convert(build(), float_output=name == "pose_head_24")
        path = os.path.join(out, name + ".tflite")
        open(path, "wb").write(data)
        it = Interpreter(model_content=data, experimental_op_resolver_type=OpResolverType.BUILTIN_REF)
        it.allocate_tensors()
        rng = np.random.default_rng(7)
        for i, d in enumerate(it.get_input_details()):
            x = rng.integers(-128, 128, size=d["shape"], dtype=np.int8)
            np.save(os.path.join(out, f"{name}.input{i}.npy"), x)
            it.set_tensor(d["index"], x)
        it.invoke()
        for i, d in enumerate(it.get_output_details()):
            np.save(os.path.join(out, f"{name}.expected{i}.npy"), it.get_tensor(d["index"]))
        print(f"make_models: {path} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
