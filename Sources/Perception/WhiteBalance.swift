import Camera
import Foundation

/// Per-channel gains in linear light that undo a colour cast, estimated over a whole frame by the grey-world
/// assumption (the average of a room is grey), bounded so a strongly coloured scene is not pushed too far.
public struct WhiteBalance: Sendable, Equatable {
    /// Gains for red, green and blue (linear light).
    public var red: Double, green: Double, blue: Double

    /// No correction.
    public static let identity = WhiteBalance(red: 1, green: 1, blue: 1)

    /// Gains as given.
    public init(red: Double, green: Double, blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// Grey-world gains of `image` (every `step`-th pixel; clipped and near-black pixels left out), each within
    /// `1 / maximumGain ... maximumGain`, and only `strength` of the way from no correction (in log terms).
    public static func greyWorld(_ image: Image, step: Int = 4, maximumGain: Double = 1.4, strength: Double = 1)
        -> WhiteBalance
    {
        precondition(image.channels == 3)
        var sum = (0.0, 0.0, 0.0), count = 0
        let table = ColourNaming.linearTable
        image.pixels.withUnsafeBufferPointer { p in
            var y = 0
            while y < image.height {
                var x = 0
                while x < image.width {
                    let i = (y * image.width + x) * 3
                    let r = p[i], g = p[i + 1], b = p[i + 2]
                    if max(r, g, b) < 250, max(r, g, b) > 12 {
                        sum.0 += table[Int(r)]
                        sum.1 += table[Int(g)]
                        sum.2 += table[Int(b)]
                        count += 1
                    }
                    x += step
                }
                y += step
            }
        }
        guard count > 0, sum.0 > 0, sum.1 > 0, sum.2 > 0 else { return .identity }
        let grey = (sum.0 + sum.1 + sum.2) / 3
        func gain(_ channel: Double) -> Double {
            let g = min(maximumGain, max(1 / maximumGain, grey / channel))
            return exp(strength * log(g))
        }
        return WhiteBalance(red: gain(sum.0), green: gain(sum.1), blue: gain(sum.2))
    }
}

