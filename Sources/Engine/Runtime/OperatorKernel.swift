/// Where a tensor's bytes live once the plan is made.
struct TensorMemory {
    let pointers: [UnsafeMutableRawPointer]
    let scratch: UnsafeMutableRawPointer?

    func pointer(_ tensor: Int) -> UnsafeMutableRawPointer { pointers[tensor] }
}

/// An operator prepared at load time: everything validated, weights packed. `bind` hands it the addresses of its
/// tensors and scratch space; `run` then computes without checks or allocation.
protocol OperatorKernel: AnyObject {
    /// The operator's name for profiles ("CONV_2D").
    var name: String { get }
    /// Bytes of scratch space needed while it runs.
    var scratchBytes: Int { get }
    /// Multiply-accumulates per run (0 for data movement).
    var macs: Int { get }
    func bind(_ memory: TensorMemory)
    func run()
}

/// Multiply-accumulate counts, saturating: hostile shapes must not overflow.
enum MACCount {
    static func product(_ factors: [Int]) -> Int {
        var result = 1
        for factor in factors {
            let (next, overflow) = result.multipliedReportingOverflow(by: factor)
            if overflow { return Int.max }
            result = next
        }
        return result
    }
}

extension OperatorKernel {
    var scratchBytes: Int { 0 }
    var macs: Int { 0 }
}

/// An operator of one input tensor and one output tensor, bound to their addresses and nothing else.
protocol SingleInputKernel: OperatorKernel {
    var inputTensor: Int { get }
    var outputTensor: Int { get }
    var input: UnsafeMutableRawPointer? { get set }
    var output: UnsafeMutableRawPointer? { get set }
}

extension SingleInputKernel {
    func bind(_ memory: TensorMemory) {
        input = memory.pointer(inputTensor)
        output = memory.pointer(outputTensor)
    }
}
