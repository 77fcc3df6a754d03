import Foundation

/// A measured colour in sRGB, each channel in 0...1, with its CIELAB and HSV views.
public struct SRGBColour: Codable, Sendable, Hashable {
    public var red: Double
    public var green: Double
    public var blue: Double

    /// A colour from channels in 0...1 (values outside are clamped).
    public init(red: Double, green: Double, blue: Double) {
        self.red = min(max(red, 0), 1)
        self.green = min(max(green, 0), 1)
        self.blue = min(max(blue, 0), 1)
    }

    /// A colour from 8-bit channels.
    public init(red8: UInt8, green8: UInt8, blue8: UInt8) {
        self.init(red: Double(red8) / 255, green: Double(green8) / 255, blue: Double(blue8) / 255)
    }

    /// The sRGB colour of a CIELAB (D65) measurement; colours outside the sRGB gamut are clamped.
    public init(lightness: Double, a: Double, b: Double) {
        let fy = (lightness + 16) / 116
        let fx = fy + a / 500
        let fz = fy - b / 200
        func finv(_ t: Double) -> Double { t > 6.0 / 29 ? t * t * t : 3 * (6.0 / 29) * (6.0 / 29) * (t - 4.0 / 29) }
        let x = 0.95047 * finv(fx)
        let y = finv(fy)
        let z = 1.08883 * finv(fz)
        let rl = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z
        let gl = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z
        let bl = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z
        func encode(_ c: Double) -> Double {
            let c = min(max(c, 0), 1)
            return c <= 0.0031308 ? 12.92 * c : 1.055 * pow(c, 1 / 2.4) - 0.055
        }
        self.init(red: encode(rl), green: encode(gl), blue: encode(bl))
    }

    /// CIELAB (D65): lightness 0...100, a and b about -128...127.
    public var lab: (lightness: Double, a: Double, b: Double) {
        func linear(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        let r = linear(red)
        let g = linear(green)
        let b = linear(blue)
        let x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
        let y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
        let z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883
        func f(_ t: Double) -> Double { t > 216.0 / 24389 ? cbrt(t) : (24389.0 / 27 * t + 16) / 116 }
        let fx = f(x)
        let fy = f(y)
        let fz = f(z)
        return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))
    }

    /// CIELAB chroma: 0 for greys, above ~40 for vivid colours.
    public var chroma: Double {
        let lab = self.lab
        return (lab.a * lab.a + lab.b * lab.b).squareRoot()
    }

    /// The painter's hue in degrees 0..<360 (HSV: red 0, yellow 60, green 120, blue 240).
    public var hueDegrees: Double {
        let maximum = max(red, green, blue)
        let minimum = min(red, green, blue)
        let delta = maximum - minimum
        guard delta > 0 else { return 0 }
        var hue: Double
        if maximum == red {
            hue = 60 * ((green - blue) / delta)
        } else if maximum == green {
            hue = 60 * ((blue - red) / delta + 2)
        } else {
            hue = 60 * ((red - green) / delta + 4)
        }
        if hue < 0 { hue += 360 }
        return hue
    }
}
