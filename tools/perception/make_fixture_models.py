"""Writes tiny stand-in models with the perception contracts (tests/CLI plumbing only; they recognise nothing).

pose.tflite always reports one standing person facing the camera in a 480x640 portrait frame; detector.tflite always
reports a top, a bottom and shoes on that person; garment.tflite gives fixed logits (t-shirts, jeans, shoes lead) and
an embedding that depends on the crop's mean colour. Inputs and outputs follow the contracts exactly (uint8 input
"image", float32 outputs named keypoints / scores, boxes / logits, embedding), built from QUANTIZE, MEAN,
FULLY_CONNECTED, RESHAPE and DEQUANTIZE only.

Two more garment stand-ins, not in the manifest (tests put them in place of garment.tflite): garment-conditioned.tflite,
a conditioned model (logits [1, 5, 13] and embedding [1, 5, 64], a row per coarse class; row k leads with a category
of class k, and row 3, outerwear, is the surest of its own class), and garment-flat-rows.tflite, the same values
flattened to [1, 65] and [1, 320], which closetd must refuse.

    .build/reference-venv/bin/python tools/perception/make_fixture_models.py Tests/PerceptionTests/Fixtures/models
"""

import hashlib
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "reference"))
from ai_edge_litert import schema_py_generated as schema  # noqa: E402
from tflite_builder import FLOAT32, INT8, INT32, UINT8, ModelBuilder  # noqa: E402

OPS = schema.BuiltinOperator
OPT = schema.BuiltinOptions
W_SCALE = 1.0 / 1024


def front(m, height, width):
    """uint8 image -> int8 (x - 128) -> spatial mean [1, 3]; returns (input, mean) tensor indices."""
    image = m.tensor("image", [1, height, width, 3], UINT8, 1.0, 0)
    q = m.tensor("image_int8", [1, height, width, 3], INT8, 1.0, -128)
    m.operator(OPS.QUANTIZE, 2, [image], [q])
    axes = m.tensor("axes", [2], INT32, data=np.array([1, 2], np.int32))
    mean = m.tensor("mean", [1, 3], INT8, 1.0, -128)
    o = schema.ReducerOptionsT()
    o.keepDims = False
    m.operator(OPS.MEAN, 2, [q, axes], [mean], OPT.ReducerOptions, o)
    return image, mean


def head(m, mean, name, values, shape, out_scale, out_zp, weights=None):
    """FULLY_CONNECTED from the 3 channel means: output = bias (+ weights . mean), reshaped and dequantized."""
    units = int(np.prod(shape))
    w = np.zeros([units, 3], np.int8) if weights is None else weights.astype(np.int8)
    wt = m.tensor(name + "_weights", [units, 3], INT8, W_SCALE, 0, data=w)
    bias = np.round(np.asarray(values, np.float64).reshape(-1) / W_SCALE).astype(np.int32)
    bt = m.tensor(name + "_bias", [units], INT32, W_SCALE, 0, data=bias)
    fc = m.tensor(name + "_fc", [1, units], INT8, out_scale, out_zp)
    o = schema.FullyConnectedOptionsT()
    m.operator(OPS.FULLY_CONNECTED, 5, [mean, wt, bt], [fc], OPT.FullyConnectedOptions, o)
    st = m.tensor(name + "_shape", [len(shape)], INT32, data=np.array(shape, np.int32))
    r = m.tensor(name + "_int8", shape, INT8, out_scale, out_zp)
    m.operator(OPS.RESHAPE, 1, [fc, st], [r])
    out = m.tensor(name, shape, FLOAT32)
    m.operator(OPS.DEQUANTIZE, 2, [r], [out])
    return out


def pose():
    # A person facing the camera in frame pixels (480x640), mapped into the 192x192 letterboxed input.
    frame = [(240, 100), (250, 92), (230, 92), (262, 96), (218, 96), (290, 140), (190, 140), (305, 230), (175, 230),
             (310, 310), (170, 310), (270, 320), (210, 320), (268, 450), (212, 450), (266, 580), (214, 580)]
    values = []
    for x, y in frame:
        values += [y * 0.3 / 192, (x * 0.3 + 24) / 192, 0.9]
    m = ModelBuilder()
    image, mean = front(m, 192, 192)
    out = head(m, mean, "keypoints", values, [1, 1, 17, 3], 1 / 256, -128)
    return m.build([image], [out])


def detector():
    scores = np.zeros([768, 5])
    boxes = np.zeros([768, 20])  # per cell and class: class * 4 + (l, t, r, b)
    # (row, col, class, score, ltrb in input pixels): torso, legs, feet of the pose above (input = frame x 0.4).
    for row, col, cls, score, ltrb in [(11, 11, 0, 0.9, (16, 36, 24, 40)), (22, 11, 1, 0.85, (12, 56, 20, 56)),
                                       (28, 11, 4, 0.8, (14, 4, 22, 12))]:
        scores[row * 24 + col, cls] = score
        boxes[row * 24 + col, cls * 4 : cls * 4 + 4] = np.array(ltrb) / 256
    m = ModelBuilder()
    image, mean = front(m, 256, 192)
    s = head(m, mean, "scores", scores, [1, 768, 5], 1 / 256, -128)
    b = head(m, mean, "boxes", boxes, [1, 768, 20], 1 / 256, -128)
    return m.build([image], [s, b])


def colour_weights(units):
    """The embedding's weights on the crop's channel means: a fixed pattern of small integers per unit and channel."""
    return np.array([[((j * 7 + c * 3) % 11) - 5 for c in range(3)] for j in range(units)], np.float64)


def garment():
    logits = np.zeros(13)
    logits[2], logits[8], logits[12] = 3, 2, 1  # t-shirts, jeans, shoes
    # Embedding: a fixed direction plus one that follows the crop's mean colour.
    weights = colour_weights(64)
    base = np.cos(np.arange(64)) * 0.5
    m = ModelBuilder()
    image, mean = front(m, 96, 96)
    lg = head(m, mean, "logits", logits, [1, 13], 1 / 32, 0)
    em = head(m, mean, "embedding", base, [1, 64], 1 / 32, 0, weights=weights)
    return m.build([image], [lg, em])


def conditioned_garment(flat: bool = False):
    """Row k of the logits leads with a category of coarse class k (tops, jeans, dresses, coats, shoes); row 3 is
    the surest of its own class. Row k of the embedding is the stand-in's fixed direction shifted by k."""
    leaders, logits = [1, 8, 0, 11, 12], np.zeros((5, 13))
    for k, label in enumerate(leaders):
        logits[k, label] = 6 if k == 3 else 3
    weights = colour_weights(5 * 64)
    base = np.concatenate([np.cos(np.arange(64) + k) * 0.5 for k in range(5)])
    m = ModelBuilder()
    image, mean = front(m, 96, 96)
    lg = head(m, mean, "logits", logits, [1, 65] if flat else [1, 5, 13], 1 / 32, 0)
    em = head(m, mean, "embedding", base, [1, 320] if flat else [1, 5, 64], 1 / 32, 0, weights=weights)
    return m.build([image], [lg, em])


def main(out):
    os.makedirs(out, exist_ok=True)
    for name, make in [("pose", pose), ("detector", detector), ("garment", garment),
                       ("garment-conditioned", conditioned_garment),
                       ("garment-flat-rows", lambda: conditioned_garment(flat=True))]:  # fmt: skip
        with open(os.path.join(out, name + ".tflite"), "wb") as f:
            f.write(make())
    labels = ["dresses", "tops", "t-shirts", "shirts", "blouses", "jackets", "shorts", "pants", "jeans", "skirts",
              "jumpsuits", "coats", "shoes"]
    contracts = {
        "pose": ([1, 192, 192, 3], [("keypoints", [1, 1, 17, 3])], []),
        "detector": ([1, 256, 192, 3], [("scores", [1, 768, 5]), ("boxes", [1, 768, 20])],
                     ["top", "bottom", "one-piece", "outerwear", "shoes"]),
        "garment": ([1, 96, 96, 3], [("logits", [1, 13]), ("embedding", [1, 64])], labels),
    }  # fmt: skip
    models = []
    for name, (shape, outputs, model_labels) in contracts.items():
        with open(os.path.join(out, name + ".tflite"), "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        models.append({"name": name, "file": name + ".tflite", "version": "0-stand-in", "sha256": digest,
                       "input": {"name": "image", "shape": shape, "dtype": "uint8"},
                       "outputs": [{"name": n, "shape": s, "dtype": "float32"} for n, s in outputs],
                       "labels": model_labels})  # fmt: skip
    manifest = {"format": 1, "generator": "tools/perception/make_fixture_models.py (stand-ins that recognise nothing)",
                "models": models}  # fmt: skip
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "Tests/PerceptionTests/Fixtures/models")
