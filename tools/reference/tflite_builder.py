"""Writes single-operator int8 .tflite models directly as flatbuffers (schema v3), with the schema module that ships
inside ai-edge-litert. No TensorFlow needed."""

import flatbuffers
import numpy as np
from ai_edge_litert import schema_py_generated as schema

INT8, INT32, UINT8, FLOAT32 = schema.TensorType.INT8, schema.TensorType.INT32, schema.TensorType.UINT8, schema.TensorType.FLOAT32
NUMPY = {INT8: np.int8, INT32: np.int32, UINT8: np.uint8, FLOAT32: np.float32}


class ModelBuilder:
    """Accumulates tensors and buffers of one subgraph holding one (or a few) operators."""

    def __init__(self):
        self.tensors = []
        self.buffers = [schema.BufferT()]  # buffer 0 is empty by convention
        self.operators = []
        self.opcodes = []

    def tensor(self, name, shape, ttype, scale=None, zero_point=None, data=None, quantized_dimension=0):
        t = schema.TensorT()
        t.name = name
        t.shape = np.array(shape, dtype=np.int32)
        t.type = ttype
        t.buffer = 0
        if data is not None:
            b = schema.BufferT()
            b.data = np.frombuffer(np.ascontiguousarray(data, dtype=NUMPY[ttype]).tobytes(), dtype=np.uint8)
            self.buffers.append(b)
            t.buffer = len(self.buffers) - 1
        if scale is not None:
            q = schema.QuantizationParametersT()
            q.scale = np.atleast_1d(np.array(scale, dtype=np.float32))
            q.zeroPoint = np.atleast_1d(np.array(zero_point, dtype=np.int64))
            q.quantizedDimension = quantized_dimension
            t.quantization = q
        self.tensors.append(t)
        return len(self.tensors) - 1

    def operator(self, code, version, inputs, outputs, options_type=0, options=None):
        key = (code, version)
        if key not in self.opcodes:
            self.opcodes.append(key)
        op = schema.OperatorT()
        op.opcodeIndex = self.opcodes.index(key)
        op.inputs = np.array(inputs, dtype=np.int32)
        op.outputs = np.array(outputs, dtype=np.int32)
        op.builtinOptionsType = options_type
        op.builtinOptions = options
        self.operators.append(op)

    def build(self, inputs, outputs):
        sub = schema.SubGraphT()
        sub.tensors = self.tensors
        sub.inputs = np.array(inputs, dtype=np.int32)
        sub.outputs = np.array(outputs, dtype=np.int32)
        sub.operators = self.operators
        sub.name = "main"
        model = schema.ModelT()
        model.version = 3
        model.description = "closetd op test"
        codes = []
        for code, version in self.opcodes:
            oc = schema.OperatorCodeT()
            oc.builtinCode = code
            oc.deprecatedBuiltinCode = min(code, 127)
            oc.version = version
            codes.append(oc)
        model.operatorCodes = codes
        model.subgraphs = [sub]
        model.buffers = self.buffers
        builder = flatbuffers.Builder(1024)
        builder.Finish(model.Pack(builder), file_identifier=b"TFL3")
        return bytes(builder.Output())
