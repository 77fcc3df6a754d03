import CKernels

/// The image kernel variants (scalar oracle, AVX2, NEON) and which one runs.
public enum ImageKernels {
    /// A kernel variant.
    public enum Variant: String, CaseIterable, Sendable {
        case scalar, avx2, neon

        var isa: ck_image_isa {
            switch self {
            case .scalar: CK_IMAGE_SCALAR
            case .avx2: CK_IMAGE_AVX2
            case .neon: CK_IMAGE_NEON
            }
        }
    }

    /// The variants this CPU runs.
    public static var available: [Variant] { Variant.allCases.filter { ck_image_isa_available($0.isa) != 0 } }

    /// The variant in use (the best, unless CLOSETD_KERNELS or `force` chose another).
    public static var current: Variant {
        switch ck_image_kernels().pointee.isa {
        case CK_IMAGE_AVX2: .avx2
        case CK_IMAGE_NEON: .neon
        default: .scalar
        }
    }

    /// Makes every following call use `variant` (tests, benchmarks). False when the CPU cannot run it.
    @discardableResult
    public static func force(_ variant: Variant) -> Bool { ck_image_force_isa(variant.isa) == 0 }

    static func table(_ variant: Variant?) -> ck_image_kernels {
        if let variant, let table = ck_image_kernels_for(variant.isa) { return table.pointee }
        return ck_image_kernels().pointee
    }
}
