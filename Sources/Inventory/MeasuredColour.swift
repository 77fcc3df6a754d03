/// The colour measured on the garment, in sRGB (8 bits per channel), written `#rrggbb`; CIELAB on demand.
public struct MeasuredColour: Hashable, Sendable, CustomStringConvertible {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    /// The colour with these sRGB channel values.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// Parses `#rrggbb` (the `#` optional, hex digits in either case); nil otherwise.
    public init?(hex text: String) {
        var digits = Substring(text)
        if digits.hasPrefix("#") { digits = digits.dropFirst() }
        guard digits.count == 6, digits.allSatisfy(\.isHexDigit), let value = UInt32(digits, radix: 16) else {
            return nil
        }
        self.init(red: UInt8(value >> 16), green: UInt8(value >> 8 & 0xFF), blue: UInt8(value & 0xFF))
    }

    /// `#rrggbb`, lower case.
    public var description: String {
        let hex = Array("0123456789abcdef")
        return String([
            "#", hex[Int(red >> 4)], hex[Int(red & 15)], hex[Int(green >> 4)], hex[Int(green & 15)],
            hex[Int(blue >> 4)], hex[Int(blue & 15)],
        ])
    }

    /// CIELAB (D65 white), the space in which colour distances match what people see.
    public var lab: (l: Double, a: Double, b: Double) {
        func linear(_ channel: UInt8) -> Double {
            let c = Double(channel) / 255
            return c <= 0.04045 ? c / 12.92 : pow2_4((c + 0.055) / 1.055)
        }
        let r = linear(red)
        let g = linear(green)
        let b = linear(blue)
        let x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
        let y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
        let z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883
        func f(_ t: Double) -> Double { t > 216.0 / 24389.0 ? cubeRoot(t) : (24389.0 / 27.0 * t + 16) / 116 }
        let fx = f(x)
        let fy = f(y)
        let fz = f(z)
        return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))
    }

    /// The CIELAB distance (ΔE 1976) to `other`, lightness weighted by `lightnessWeight`.
    public func distance(to other: MeasuredColour, lightnessWeight: Double = 1) -> Double {
        let p = lab
        let q = other.lab
        let dl = (p.l - q.l) * lightnessWeight
        return (dl * dl + (p.a - q.a) * (p.a - q.a) + (p.b - q.b) * (p.b - q.b)).squareRoot()
    }
}

/// x^2.4 without Foundation: exp(2.4 ln x) via the standard library's elementary functions is not available
/// in the core library, so use x^2 * x^0.4 with x^0.4 = (x^2)^(1/5) by Newton iteration.
private func pow2_4(_ x: Double) -> Double {
    guard x > 0 else { return 0 }
    return x * x * nthRoot(x * x, 5)
}

private func cubeRoot(_ x: Double) -> Double { nthRoot(x, 3) }

/// The positive n-th root of x > 0 by Newton's method (converges in a few steps from a good start).
private func nthRoot(_ x: Double, _ n: Int) -> Double {
    guard x > 0 else { return 0 }
    var guess = x < 1 ? 1.0 : x / Double(n)
    for _ in 0..<60 {
        var power = 1.0
        for _ in 0..<(n - 1) { power *= guess }
        let next = guess - (power * guess - x) / (Double(n) * power)
        if abs(next - guess) <= 1e-15 * next { return next }
        guess = next
    }
    return guess
}
