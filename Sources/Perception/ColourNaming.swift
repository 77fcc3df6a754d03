import Foundation
import Inventory

/// The 11 colour names as cells of CIELAB (D65) lightness, chroma and hue: the same partition as the scene
/// generator's `colours.name_of_lab` (tools/scenegen/colours.py), which defines the names.
public enum ColourNaming {
    /// The name of one CIELAB colour.
    public static func name(lightness: Double, a: Double, b: Double) -> ColourName {
        let chroma = (a * a + b * b).squareRoot()
        var hue = atan2(b, a) * 180 / Double.pi
        hue = hue.truncatingRemainder(dividingBy: 360)
        if hue < 0 { hue += 360 }
        if chroma < 12 {
            if lightness < 29 { return .black }
            if lightness > 82 { return .white }
            return .grey
        }
        if hue >= 340 || hue < 20 { return lightness >= 60 ? .pink : .red }
        if hue < 44 {
            if lightness >= 60 { return hue < 32 && chroma < 48 ? .pink : .orange }
            return chroma < 42 && lightness < 44 && hue >= 40 ? .brown : .red
        }
        if hue < 78 {
            if lightness < 52 { return .brown }
            return hue < 72 || lightness < 76 ? .orange : .yellow
        }
        if hue < 110 { return lightness < 52 ? .brown : .yellow }
        if hue < 200 { return .green }
        if hue < 300 { return .blue }
        return .purple
    }

    /// sRGB channel (0–255) to linear light, tabulated.
    static let linearTable: [Double] = (0..<256).map { value in
        let c = Double(value) / 255
        return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
    }

    /// CIELAB (D65) of linear-light RGB.
    public static func lab(linearRed r: Double, green g: Double, blue b: Double) -> (l: Double, a: Double, b: Double) {
        let x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
        let y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
        let z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883
        func f(_ t: Double) -> Double { t > 216.0 / 24389.0 ? cbrt(t) : (24389.0 / 27.0 * t + 16) / 116 }
        let fx = f(x), fy = f(y), fz = f(z)
        return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))
    }

    /// CIELAB (D65) of an 8-bit sRGB colour.
    public static func lab(red: UInt8, green: UInt8, blue: UInt8) -> (l: Double, a: Double, b: Double) {
        lab(linearRed: linearTable[Int(red)], green: linearTable[Int(green)], blue: linearTable[Int(blue)])
    }

    /// The 8-bit sRGB colour of a CIELAB colour, clipped to the gamut.
    public static func srgb(lightness: Double, a: Double, b: Double) -> MeasuredColour {
        let fy: Double = (lightness + 16) / 116
        let fx: Double = fy + a / 500
        let fz: Double = fy - b / 200
        let x = inverseF(fx) * 0.95047, y = inverseF(fy), z = inverseF(fz) * 1.08883
        let r1: Double = 3.2404542 * x - 1.5371385 * y
        let g1: Double = -0.9692660 * x + 1.8760108 * y
        let b1: Double = 0.0556434 * x - 0.2040259 * y
        let linear: [Double] = [r1 - 0.4985314 * z, g1 + 0.0415560 * z, b1 + 1.0572252 * z]
        let channels = linear.map { v -> UInt8 in
            let c = min(1, max(0, v))
            let s = c <= 0.0031308 ? c * 12.92 : 1.055 * pow(c, 1 / 2.4) - 0.055
            return UInt8((min(1, max(0, s)) * 255).rounded())
        }
        return MeasuredColour(red: channels[0], green: channels[1], blue: channels[2])
    }

    private static func inverseF(_ f: Double) -> Double {
        let delta = 6.0 / 29
        return f > delta ? f * f * f : 3 * delta * delta * (f - 4.0 / 29)
    }
}
