"""Writes the small .tflite fixtures the Swift tests use: one valid model (CONV_2D -> DEPTHWISE_CONV_2D ->
FULLY_CONNECTED) and hand-crafted hostile models, each with the words its load error must contain (manifest.txt).
Deterministic (fixed seed). Run: make fixtures."""

import os
import struct
import sys

import numpy as np
from ai_edge_litert import schema_py_generated as schema

from tflite_builder import INT8, INT32, ModelBuilder

OPS, OPT = schema.BuiltinOperator, schema.BuiltinOptions


def valid_model(rng, **faults):
    m = ModelBuilder()
    x = m.tensor("input", [1, 6, 6, 3], INT8, 0.05, -3)
    w1 = m.tensor("conv_w", [4, 3, 3, 3], INT8, np.full(4, 0.02, np.float32), np.zeros(4, np.int64),
                  data=rng.integers(-127, 128, size=[4, 3, 3, 3], dtype=np.int8))
    b1 = m.tensor("conv_b", [4], INT32, np.full(4, 0.001, np.float32), np.zeros(4, np.int64),
                  data=rng.integers(-500, 500, size=[4], dtype=np.int32))
    y1 = m.tensor("conv_out", [1, 6, 6, 4], INT8, 0.1, -128)
    w2 = m.tensor("dw_w", [1, 3, 3, 4], INT8, np.full(4, 0.03, np.float32), np.zeros(4, np.int64),
                  data=rng.integers(-127, 128, size=[1, 3, 3, 4], dtype=np.int8), quantized_dimension=3)
    y2 = m.tensor("dw_out", [1, 3, 3, 4], INT8, 0.2, 5)
    s = m.tensor("shape", [2], INT32, data=np.array([1, 36], np.int32))
    y3 = m.tensor("flat", [1, 36], INT8, 0.2, 5)
    w3 = m.tensor("fc_w", [5, 36], INT8, 0.01, 0, data=rng.integers(-127, 128, size=[5, 36], dtype=np.int8))
    y4 = m.tensor("logits", [1, 5], INT8, 0.3, 1)
    o = schema.Conv2DOptionsT(); o.padding, o.strideW, o.strideH, o.fusedActivationFunction = 0, 1, 1, 3
    m.operator(OPS.CONV_2D, 3, [x, w1, b1], [y1], OPT.Conv2DOptions, o)
    d = schema.DepthwiseConv2DOptionsT(); d.padding, d.strideW, d.strideH, d.depthMultiplier = 0, 2, 2, 1
    m.operator(OPS.DEPTHWISE_CONV_2D, 3, [y1, w2], [y2], OPT.DepthwiseConv2DOptions, d)
    m.operator(OPS.RESHAPE, 1, [y2, s], [y3])
    f = schema.FullyConnectedOptionsT()
    m.operator(OPS.FULLY_CONNECTED, 5, [y3, w3, -1], [y4], OPT.FullyConnectedOptions, f)
    if "cycle" in faults:  # the conv reads the reshape's output, written later
        m.operators[0].inputs = np.array([y3 if False else y2, w1, b1], np.int32)
    if "absurd_shape" in faults:
        m.tensors[y1].shape = np.array([1, 65536, 65536, 4096], np.int32)
    if "small_buffer" in faults:
        m.buffers[m.tensors[w3].buffer].data = m.buffers[m.tensors[w3].buffer].data[:100]
    if "bad_opcode" in faults:
        m.operators[1].opcodeIndex = 9
    if "bad_tensor_index" in faults:
        m.operators[2].inputs = np.array([y2, 77], np.int32)
    if "unsupported_op" in faults:
        m.opcodes[2] = (OPS.GATHER, 1)
    if "bad_version" in faults:
        m.opcodes[0] = (OPS.CONV_2D, 9)
    if "bad_scale" in faults:
        m.tensors[y2].quantization.scale = np.array([-1.0], np.float32)
    if "scale_count" in faults:
        m.tensors[w1].quantization.scale = np.full(3, 0.02, np.float32)
        m.tensors[w1].quantization.zeroPoint = np.zeros(3, np.int64)
    if "wrong_output_shape" in faults:
        m.tensors[y2].shape = np.array([1, 4, 3, 4], np.int32)
    return m.build([x], [y4])


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "Tests/EngineTests/Fixtures"
    os.makedirs(out, exist_ok=True)
    good = valid_model(np.random.default_rng(1234))
    open(os.path.join(out, "small_convnet.tflite"), "wb").write(good)
    # Its input and BUILTIN_REF's output, for the model-level test.
    from ai_edge_litert.interpreter import Interpreter, OpResolverType
    x = np.random.default_rng(99).integers(-128, 128, size=[1, 6, 6, 3], dtype=np.int8)
    it = Interpreter(model_content=good, experimental_op_resolver_type=OpResolverType.BUILTIN_REF)
    it.allocate_tensors()
    it.set_tensor(it.get_input_details()[0]["index"], x)
    it.invoke()
    np.save(os.path.join(out, "small_convnet_input.npy"), x)
    np.save(os.path.join(out, "small_convnet_expected.npy"), it.get_tensor(it.get_output_details()[0]["index"]))
    hostile = {
        "cycle": "before any operator writes it",
        "absurd_shape": "needs more than",
        "small_buffer": "holds 100 bytes",
        "bad_opcode": "opcode_index",
        "bad_tensor_index": "tensor index 77",
        "unsupported_op": "GATHER",
        "bad_version": "version 9",
        "bad_scale": "scale -1.0",
        "scale_count": "3 scales",
        "wrong_output_shape": "output shape",
    }
    manifest = []
    for fault, words in hostile.items():
        data = valid_model(np.random.default_rng(1234), **{fault: True})
        open(os.path.join(out, f"hostile_{fault}.tflite"), "wb").write(data)
        manifest.append(f"hostile_{fault}.tflite\t{words}")
    # Raw byte edits of the valid file.
    raw = {
        "hostile_root_offset.tflite": (struct.pack("<I", 0x7FFFFFF0) + good[4:], "outside"),
        "hostile_truncated_header.tflite": (good[:6], "too short"),
        "hostile_empty.tflite": (b"", "too short"),
    }
    # A vector length far beyond the file: the subgraph's tensor vector length field.
    model_table = struct.unpack_from("<I", good, 0)[0]
    vtable = model_table - struct.unpack_from("<i", good, model_table)[0]
    subgraphs_field = struct.unpack_from("<H", good, vtable + 4 + 2 * 2)[0]
    subgraphs_vector = model_table + subgraphs_field + struct.unpack_from("<I", good, model_table + subgraphs_field)[0]
    patched = bytearray(good)
    struct.pack_into("<I", patched, subgraphs_vector, 0x40000000)
    raw["hostile_vector_length.tflite"] = (bytes(patched), "outside")
    patched = bytearray(good)
    struct.pack_into("<i", patched, model_table, -0x100000)  # vtable far past the end
    raw["hostile_vtable_offset.tflite"] = (bytes(patched), "outside")
    for name, (data, words) in raw.items():
        open(os.path.join(out, name), "wb").write(data)
        manifest.append(f"{name}\t{words}")
    open(os.path.join(out, "manifest.txt"), "w").write("\n".join(manifest) + "\n")
    print(f"make_fixtures: wrote {len(manifest) + 1} models to {out}")


if __name__ == "__main__":
    main()
