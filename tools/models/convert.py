"""Full-integer int8 conversion with a representative dataset: uint8 input (as the camera gives it), int8 weights
and activations, float32 outputs (a DEQUANTIZE at the end), builtin int8 ops only."""

from __future__ import annotations

import numpy as np
import tensorflow as tf


def convert_int8(model: tf.keras.Model, representative: np.ndarray) -> bytes:
    """The model as int8 .tflite; `representative` holds uint8 inputs [N, H, W, 3] (a few hundred)."""

    def samples():
        for image in representative:
            yield [image[None].astype(np.float32)]

    converter = tf.lite.TFLiteConverter.from_keras_model(model)
    converter.optimizations = [tf.lite.Optimize.DEFAULT]
    converter.representative_dataset = samples
    converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    converter.inference_input_type = tf.uint8
    converter.inference_output_type = tf.float32
    return converter.convert()


def op_names(tflite: bytes) -> list[str]:
    """The builtin op names a .tflite uses (for the log and the manifest)."""
    return sorted(op_counts(tflite))


def op_counts(tflite: bytes) -> dict[str, int]:
    """How many operators of each builtin op a .tflite holds, by name."""
    from tensorflow.lite.python import schema_py_generated as schema

    model = schema.ModelT.InitFromObj(schema.Model.GetRootAsModel(tflite, 0))
    names = {v: k for k, v in schema.BuiltinOperator.__dict__.items() if not k.startswith("_")}
    counts: dict[str, int] = {}
    for subgraph in model.subgraphs:
        for op in subgraph.operators:
            code = model.operatorCodes[op.opcodeIndex]
            name = names.get(max(code.builtinCode, code.deprecatedBuiltinCode), str(code.builtinCode))
            counts[name] = counts.get(name, 0) + 1
    return counts


def _graph(tflite: bytes):
    from tensorflow.lite.python import schema_py_generated as schema

    return schema.ModelT.InitFromObj(schema.Model.GetRootAsModel(tflite, 0)).subgraphs[0]


def output_shapes(tflite: bytes) -> dict[str, list[int]]:
    """Each output tensor's name and shape, as the model file holds them."""
    graph = _graph(tflite)
    return {graph.tensors[i].name.decode(): [int(d) for d in graph.tensors[i].shape] for i in graph.outputs}


def input_shape(tflite: bytes) -> list[int]:
    """The first input tensor's shape, as the model file holds it."""
    graph = _graph(tflite)
    return [int(d) for d in graph.tensors[graph.inputs[0]].shape]


def name_tensors(tflite: bytes, input_name: str, outputs: list[tuple[str, tuple[int, ...]]]) -> bytes:
    """The model with its input named `input_name` and its outputs named and ordered as `outputs` lists them
    ((name, shape) pairs; each converted output is found by its shape). The converter's own names
    ("StatefulPartitionedCall_1:0") and order carry no meaning, and consumers find outputs by name."""
    import flatbuffers
    from tensorflow.lite.python import schema_py_generated as schema

    model = schema.ModelT.InitFromObj(schema.Model.GetRootAsModel(tflite, 0))
    graph = model.subgraphs[0]
    if len(graph.inputs) != 1:
        raise ValueError(f"expected one input, found {len(graph.inputs)}")
    graph.tensors[graph.inputs[0]].name = input_name.encode()
    by_shape = {tuple(int(d) for d in graph.tensors[i].shape): i for i in graph.outputs}
    if len(by_shape) != len(graph.outputs) or len(outputs) != len(graph.outputs):
        raise ValueError(f"outputs {sorted(by_shape)} cannot be told apart by shape or do not match {outputs}")
    order = []
    for name, shape in outputs:
        if shape not in by_shape:
            raise ValueError(f"no output of shape {shape}; the model has {sorted(by_shape)}")
        graph.tensors[by_shape[shape]].name = name.encode()
        order.append(by_shape[shape])
    graph.outputs = order
    builder = flatbuffers.Builder(len(tflite) + 1024)
    builder.Finish(model.Pack(builder), file_identifier=b"TFL3")
    return bytes(builder.Output())
