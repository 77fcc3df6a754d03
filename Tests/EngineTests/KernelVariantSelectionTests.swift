import Testing

@testable import Engine

@Suite struct KernelVariantSelectionTests {
    @Test func autoPicksAnAvailableVariant() throws {
        #expect(try KernelVariant.resolve("auto").isAvailable)
        #expect(try KernelVariant.resolve(nil) == KernelVariant.best)
    }

    @Test func scalarIsAlwaysAvailable() throws {
        #expect(try KernelVariant.resolve("scalar") == .scalar)
    }

    @Test func unknownNameIsAnError() {
        #expect(throws: KernelSelectionError.unknown("sse9")) { try KernelVariant.resolve("sse9") }
    }

    @Test func unavailableVariantIsAnError() throws {
        let missing = KernelVariant.allCases.filter { !$0.isAvailable }
        for variant in missing {
            #expect(throws: KernelSelectionError.unavailable(variant)) { try KernelVariant.resolve(variant.rawValue) }
        }
    }
}
