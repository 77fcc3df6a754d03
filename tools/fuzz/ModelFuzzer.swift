import Engine

/// libFuzzer entry point: any bytes are a candidate .tflite file. Loading must either throw a ModelFormatError or
/// give a model that runs; a crash, trap or sanitizer report is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModel(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let model = try? InferenceModel(bytes: bytes, kernels: .best) else { return 0 }
    for position in model.model.inputs.indices {
        let count = model.model.tensors[model.model.inputs[position]].byteCount
        let input = [UInt8](repeating: 0x55, count: count)
        try? input.withUnsafeBytes { try model.setInput(position, $0) }
    }
    model.invoke()
    return 0
}
