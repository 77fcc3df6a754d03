import ArgumentParser
import Engine
import Foundation

/// `closetd model info|run|bench`: the int8 inference engine on a .tflite file.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Inspect, run and benchmark int8 .tflite models on closetd's kernels.",
        subcommands: [Info.self, Run.self, Bench.self]
    )

    /// `--kernels`, falling back to $CLOSETD_KERNELS, then auto.
    struct KernelOptions: ParsableArguments {
        @Option(help: "Kernel variant: auto, scalar, neon, neondot, avx2, avx512vnni (default: $CLOSETD_KERNELS or auto).")
        var kernels: String?

        func variant() throws -> KernelVariant {
            let request = kernels ?? ProcessInfo.processInfo.environment["CLOSETD_KERNELS"]
            do {
                return try KernelVariant.resolve(request)
            } catch {
                throw ValidationError("\(error)")
            }
        }
    }

    static func load(_ path: String, kernels: KernelVariant) throws -> InferenceModel {
        guard let data = FileManager.default.contents(atPath: path) else {
            printError("closetd: cannot read model \(path)")
            throw ExitCode(66)
        }
        do {
            return try InferenceModel(bytes: [UInt8](data), kernels: kernels)
        } catch {
            printError("closetd: \(path): \(error)")
            throw ExitCode(65)
        }
    }

    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Operators, tensors, MACs and arena size of a model.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The .tflite model.") var model: String
        @OptionGroup var kernelOptions: KernelOptions

        func run() throws {
            let loaded = try ModelCommand.load(model, kernels: try kernelOptions.variant())
            let description = loaded.model
            print("model: \(model) (\(description.fileSize) bytes)")
            print("kernels: \(loaded.kernels.rawValue)")
            print("operators: \(description.operators.count)")
            for (index, op) in description.operators.enumerated() {
                print("  \(index): \(op.name) v\(op.version) inputs \(op.inputs) outputs \(op.outputs)")
            }
            print("tensors: \(description.tensors.count)")
            for (index, tensor) in description.tensors.enumerated() {
                var line = "  \(index): \(tensor.name) \(tensor.type)\(tensor.shape)"
                if let q = tensor.quantization {
                    line += q.isPerTensor ? " scale \(q.scales[0]) zero_point \(q.zeroPoints[0])" : " per-channel (\(q.scales.count) scales)"
                }
                if tensor.constantData != nil { line += " constant" }
                print(line)
            }
            print("inputs: \(description.inputs)")
            print("outputs: \(description.outputs)")
            print("macs: \(loaded.macs)")
            print("arena_bytes: \(loaded.arenaBytes)")
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a model on .npy inputs and write one .npy per output (DIR/0.npy, DIR/1.npy, ...).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The .tflite model.") var model: String
        @Option(name: .customLong("input"), help: "An input .npy, in the model's input order (repeat).")
        var inputs: [String] = []
        @Option(help: "Directory for the outputs.") var outputDir: String
        @OptionGroup var kernelOptions: KernelOptions

        func run() throws {
            let loaded = try ModelCommand.load(model, kernels: try kernelOptions.variant())
            let description = loaded.model
            guard inputs.count == description.inputs.count else {
                printError("closetd: the model has \(description.inputs.count) inputs, \(inputs.count) given")
                throw ExitCode(64)
            }
            for (position, path) in inputs.enumerated() {
                let tensor = description.tensors[description.inputs[position]]
                guard let data = FileManager.default.contents(atPath: path) else {
                    printError("closetd: cannot read input \(path)")
                    throw ExitCode(66)
                }
                let array: NumpyArray
                do { array = try NumpyArray(bytes: [UInt8](data)) } catch {
                    printError("closetd: \(path): \(error)")
                    throw ExitCode(65)
                }
                guard array.descriptor == tensor.type.numpyDescriptor, array.shape == tensor.shape else {
                    printError("closetd: \(path): \(array.descriptor)\(array.shape) does not match input \(position) '\(tensor.name)' \(tensor.type.numpyDescriptor)\(tensor.shape)")
                    throw ExitCode(65)
                }
                try array.data.withUnsafeBytes { try loaded.setInput(position, $0) }
            }
            loaded.invoke()
            try FileManager.default.createDirectory(atPath: outputDir, withIntermediateDirectories: true)
            for position in description.outputs.indices {
                let tensor = description.tensors[description.outputs[position]]
                let array = NumpyArray(
                    descriptor: tensor.type.numpyDescriptor, shape: tensor.shape, data: Array(loaded.output(position)))
                let path = (outputDir as NSString).appendingPathComponent("\(position).npy")
                guard FileManager.default.createFile(atPath: path, contents: Data(array.bytes)) else {
                    printError("closetd: cannot write \(path)")
                    throw ExitCode(73)
                }
            }
        }
    }

    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time a model on one thread (zero inputs); the last line is median_ms=... min_ms=... max_ms=...")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The .tflite model.") var model: String
        @Option(help: "Timed runs after warm-up.") var runs: Int = 50
        @Flag(help: "Also print the time per operator.") var profile = false
        @OptionGroup var kernelOptions: KernelOptions

        func validate() throws {
            guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
        }

        func run() throws {
            let loaded = try ModelCommand.load(model, kernels: try kernelOptions.variant())
            let clock = ContinuousClock()
            for _ in 0..<min(5, runs) { loaded.invoke() }
            var times: [Double] = []
            // Per run and operator (profile only): medians, not means, so that one preempted run does not count.
            var perRun = [[Int64]]()
            var perOperator = [Int64](repeating: 0, count: loaded.operatorNames.count)
            for _ in 0..<runs {
                for index in perOperator.indices { perOperator[index] = 0 }
                let start = clock.now
                if profile { loaded.invokeProfiled(into: &perOperator) } else { loaded.invoke() }
                if profile { perRun.append(perOperator) }
                let elapsed = start.duration(to: clock.now)
                times.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
            }
            times.sort()
            let median = times[times.count / 2]
            print("model: \(model)")
            print("kernels: \(loaded.kernels.rawValue)")
            print("macs: \(loaded.macs)")
            print("arena_bytes: \(loaded.arenaBytes)")
            print(String(format: "gops: %.1f", 2 * Double(loaded.macs) / (median / 1000) / 1e9))
            if profile {
                let medians = loaded.operatorNames.indices.map { index in
                    perRun.map { $0[index] }.sorted()[perRun.count / 2]
                }
                let total = max(medians.reduce(0, +), 1)
                print("profile: median per operator over \(runs) runs")
                for (index, name) in loaded.operatorNames.enumerated() {
                    let ms = Double(medians[index]) / 1e6
                    print(String(format: "op %3d %-24@ %8.4f ms %5.1f%%", index, name as NSString, ms, 100 * Double(medians[index]) / Double(total)))
                }
            }
            print(String(format: "median_ms=%.4f min_ms=%.4f max_ms=%.4f", median, times.first!, times.last!))
        }
    }
}
