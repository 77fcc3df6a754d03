#!/usr/bin/env python3
"""Float weights for a network from its committed int8 .tflite: each CONV_2D, DEPTHWISE_CONV_2D and
FULLY_CONNECTED's weights and bias dequantized into the Keras build of the same network, batch normalisation
set to pass its input through plus the folded bias. The float model then computes what the int8 one does, up
to the activations' rounding, and training can resume from it when the float checkpoint is gone.

  from_int8.py --task garment --tflite models-int8/garment.tflite --out DIR/garment.keras --attention --clamped

(1.3.0 was built with item attention and clamped logits; 1.2.0 without either.)
"""

from __future__ import annotations

import argparse
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def _dequantized(interpreter, detail) -> np.ndarray:
    values = interpreter.get_tensor(detail["index"]).astype(np.float64)
    q = detail["quantization_parameters"]
    scales, zeros, axis = q["scales"], q["zero_points"], q["quantized_dimension"]
    if len(scales) == 0:
        return values
    shape = [1] * values.ndim
    if len(scales) > 1:
        shape[axis] = len(scales)
    return (values - zeros.reshape(shape)) * scales.reshape(shape)


def weights_by_layer(path: str) -> dict[str, dict[str, np.ndarray]]:
    """{Keras layer name: {"kernel": ..., "bias": ...}} from the int8 model's weight tensors, whose names carry
    the layer names (closetd_garment_1/<layer>_1/...)."""
    import tensorflow as tf

    interpreter = tf.lite.Interpreter(path)
    interpreter.allocate_tensors()
    details = {d["index"]: d for d in interpreter.get_tensor_details()}
    out: dict[str, dict[str, np.ndarray]] = {}
    for op in interpreter._get_ops_details():
        kind = op["op_name"]
        if kind not in ("CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED"):
            continue
        inputs = [i for i in op["inputs"] if i >= 0]
        weight = details[inputs[1]]
        layer = _layer_name(weight["name"], kind)
        kernel = _dequantized(interpreter, weight)
        # CONV_2D [out, kh, kw, in] -> [kh, kw, in, out]; DEPTHWISE_CONV_2D [1, kh, kw, channels] -> [kh, kw,
        # channels, 1]; FULLY_CONNECTED [out, in] -> [in, out].
        kernel = kernel.T if kind == "FULLY_CONNECTED" else kernel.transpose(1, 2, 3, 0)
        channels = kernel.shape[2] if kind == "DEPTHWISE_CONV_2D" else kernel.shape[-1]
        bias = _dequantized(interpreter, details[inputs[2]]) if len(inputs) > 2 else np.zeros(channels)
        out[layer] = {"kernel": kernel.astype(np.float32), "bias": bias.astype(np.float32)}
    return out


def _layer_name(tensor_name: str, kind: str) -> str:
    """The Keras layer a weight tensor belongs to: the part of its name that names the convolution or dense
    layer itself (the converter joins the folded ops' names with ';')."""
    suffix = {"CONV_2D": "/convolution", "DEPTHWISE_CONV_2D": "/depthwise", "FULLY_CONNECTED": "/MatMul"}[kind]
    for part in tensor_name.split(";"):
        if part.endswith(suffix):
            name = part[: -len(suffix)].split("/")[-1]
            return name[:-2] if name.endswith("_1") else name
    raise ValueError(f"from_int8: cannot tell the layer of weight tensor {tensor_name!r}")


def load_into(model, path: str) -> list[str]:
    """Sets `model`'s convolution, dense and batch-normalisation weights from the int8 file; returns the names
    of the model's weighted layers the file had nothing for (left as built)."""
    import tensorflow as tf

    L = tf.keras.layers
    found = weights_by_layer(path)
    norms = {layer.name: layer for layer in model.layers if isinstance(layer, L.BatchNormalization)}
    missing = []
    for layer in model.layers:
        if isinstance(layer, (L.Conv2D, L.DepthwiseConv2D, L.Dense)):
            if layer.name not in found:
                missing.append(layer.name)
                continue
            w = found[layer.name]
            current = layer.get_weights()
            kernel = w["kernel"].reshape(current[0].shape)
            if len(current) == 2:
                layer.set_weights([kernel, w["bias"]])
            else:
                layer.set_weights([kernel])
                bn = norms.get(layer.name + "_bn")  # nets.conv's naming
                if bn is not None:  # the folded bias goes into the following batch normalisation's beta
                    eps = bn.epsilon
                    ones = np.ones_like(w["bias"])
                    bn.set_weights([ones, w["bias"], np.zeros_like(w["bias"]), ones - eps])
                elif np.any(w["bias"] != 0):
                    raise ValueError(f"from_int8: {layer.name} has a bias in the file but none in the network")
    return missing


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--task", required=True, choices=("garment",))
    p.add_argument("--tflite", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--attention", action="store_true", help="the file was built with item attention (1.3.0)")
    p.add_argument("--clamped", action="store_true", help="... and its softmax reads clamped logits (1.3.0)")
    args = p.parse_args(argv)
    import nets

    model, _ = nets.garment_net(1, attention=args.attention, clamped=args.clamped)
    missing = load_into(model, args.tflite)
    if missing:
        raise SystemExit(f"from_int8: no weights in {args.tflite} for {', '.join(missing)}")
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    model.save(args.out)
    print(f"from_int8: {args.tflite} -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
