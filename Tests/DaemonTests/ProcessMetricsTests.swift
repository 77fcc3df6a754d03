import Testing

@testable import Daemon

@Suite struct ProcessMetricsTests {
    @Test func readsAStatusLineOfTheAskedField() {
        #expect(ProcessMetrics.statusKilobytes("VmHWM:\t   14728 kB\n", field: "VmHWM") == 14728)
        #expect(ProcessMetrics.statusKilobytes("VmRSS:\t   9000 kB\n", field: "VmHWM") == nil)
        #expect(ProcessMetrics.statusKilobytes("VmHWM:\t   lots kB\n", field: "VmHWM") == nil)
        #expect(ProcessMetrics.statusKilobytes("VmHWM:\n", field: "VmHWM") == nil)
    }

    /// The peak is this process's own high-water mark: at least what was resident a moment before, and it grows
    /// when the process touches more memory. "At least" within a megabyte: other tests run on other threads, and
    /// Linux's resident counts are approximate (kept per thread or per CPU, summed lazily); a CI run read a mark one
    /// page below the resident size read just before it.
    @Test func peakIsThisProcesssHighWaterMark() throws {
        let resident = try #require(ProcessMetrics.residentBytes())
        let before = try #require(ProcessMetrics.peakResidentBytes())
        #expect(before + (1 << 20) >= resident)
        let size = before + 64 << 20
        let touched = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 4096)
        defer { touched.deallocate() }
        for offset in stride(from: 0, to: size, by: 4096) { touched[offset] = 1 }
        let after = try #require(ProcessMetrics.peakResidentBytes())
        #expect(after >= size)
    }
}
