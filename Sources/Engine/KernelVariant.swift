import CKernels

/// A family of SIMD kernels the engine can run on, chosen at run time from what the CPU supports.
public enum KernelVariant: String, CaseIterable, Sendable {
    case scalar, neon, neondot, avx2, avx512vnni

    var cVariant: ck_variant {
        switch self {
        case .scalar: CK_VARIANT_SCALAR
        case .neon: CK_VARIANT_NEON
        case .neondot: CK_VARIANT_NEONDOT
        case .avx2: CK_VARIANT_AVX2
        case .avx512vnni: CK_VARIANT_AVX512VNNI
        }
    }

    /// Whether this build and this CPU can run the variant.
    public var isAvailable: Bool { ck_kernels_for_variant(cVariant) != nil }

    /// The best variant this CPU runs.
    public static var best: KernelVariant {
        let kernels = ck_kernels_best()!
        return KernelVariant(rawValue: String(cString: kernels.pointee.name)) ?? .scalar
    }

    /// Resolves a request: `auto` (or nil) means the best available; a named variant must be available here.
    public static func resolve(_ request: String?) throws(KernelSelectionError) -> KernelVariant {
        guard let request, request != "auto" else { return best }
        guard let variant = KernelVariant(rawValue: request) else { throw .unknown(request) }
        guard variant.isAvailable else { throw .unavailable(variant) }
        return variant
    }

    var table: UnsafePointer<ck_kernels> { ck_kernels_for_variant(cVariant)! }
}

/// Why a requested kernel variant cannot be used.
public enum KernelSelectionError: Error, Equatable, CustomStringConvertible {
    case unknown(String)
    case unavailable(KernelVariant)

    public var description: String {
        switch self {
        case .unknown(let name):
            "unknown kernel variant '\(name)' (expected auto, "
                + KernelVariant.allCases.map(\.rawValue).joined(separator: ", ") + ")"
        case .unavailable(let variant):
            "kernel variant '\(variant.rawValue)' cannot run on this CPU or was not built for it"
        }
    }
}
