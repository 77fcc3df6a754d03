import Camera
import Foundation
import Perception
import Testing
import TestSupport

/// The fitted resize against Pillow's (Fixtures/resize, made by tools/perception/make_resize_fixture.py the way the
/// models' training inputs were made): the models only see what they were trained on if these agree.
@Suite struct FittedResizeTests {
    static let folder = packageRoot + "/Tests/PerceptionTests/Fixtures/resize/"

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + name)))
    }

    /// The 150x200 source placed at (x, y) of a larger frame filled with noise, which a crop must never read.
    static func frame(placedAt x: Int, _ y: Int) throws -> Image {
        let source = try bytes("source_150x200.rgb")
        let width = 170, height = 210
        var generator = SystemRandomNumberGenerator()
        var pixels = (0..<(width * height * 3)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for row in 0..<200 {
            let from = row * 150 * 3, to = ((y + row) * width + x) * 3
            pixels.replaceSubrange(to..<(to + 450), with: source[from..<(from + 450)])
        }
        return Image(width: width, height: height, channels: 3, pixels: pixels)
    }

    @Test(arguments: [(48, 48), (40, 64), (200, 120)], [(10, 5), (20, 10)])
    func matchesPillow(size: (Int, Int), placement: (Int, Int)) throws {
        let (width, height) = size
        let expected = try Self.bytes("pillow_\(width)x\(height).rgb")
        // (20, 10) puts the crop on the frame's last row and column, where a pixel cannot be read as 4 bytes.
        let image = try Self.frame(placedAt: placement.0, placement.1)
        let got = ImageCrop.fitted(image, rect: (placement.0, placement.1, 150, 200), width: width, height: height)
        #expect(got.count == expected.count)
        let differences = zip(got, expected).map { abs(Int($0) - Int($1)) }
        // Pillow sums in fixed point, closetd in float: a value may round the other way, never by more than 1.
        #expect(differences.max() ?? 99 <= 1, "largest difference \(differences.max() ?? -1)")
        let off = differences.filter { $0 > 0 }.count
        #expect(Double(off) / Double(expected.count) < 0.02, "\(off) of \(expected.count) values differ by 1")
    }
}
