/// An axis-aligned box in pixels, `x0`/`y0` inclusive and `x1`/`y1` exclusive (as the ground truth writes boxes).
public struct PixelBox: Sendable, Equatable, CustomStringConvertible {
    public var x0: Double, y0: Double, x1: Double, y1: Double

    /// A box; an inverted one is empty.
    public init(x0: Double, y0: Double, x1: Double, y1: Double) {
        self.x0 = x0
        self.y0 = y0
        self.x1 = x1
        self.y1 = y1
    }

    public var width: Double { max(0, x1 - x0) }
    public var height: Double { max(0, y1 - y0) }
    public var area: Double { width * height }
    public var isEmpty: Bool { width <= 0 || height <= 0 }
    public var centreX: Double { (x0 + x1) / 2 }
    public var centreY: Double { (y0 + y1) / 2 }

    /// The overlap of two boxes (empty when they do not overlap).
    public func intersection(_ other: PixelBox) -> PixelBox {
        PixelBox(x0: max(x0, other.x0), y0: max(y0, other.y0), x1: min(x1, other.x1), y1: min(y1, other.y1))
    }

    /// The smallest box holding both.
    public func union(_ other: PixelBox) -> PixelBox {
        if isEmpty { return other }
        if other.isEmpty { return self }
        return PixelBox(x0: min(x0, other.x0), y0: min(y0, other.y0), x1: max(x1, other.x1), y1: max(y1, other.y1))
    }

    /// Intersection over union, 0 for disjoint or empty boxes.
    public func iou(_ other: PixelBox) -> Double {
        let overlap = intersection(other).area
        let total = area + other.area - overlap
        return total > 0 ? overlap / total : 0
    }

    /// The box clipped to an image of this size.
    public func clipped(width: Int, height: Int) -> PixelBox {
        intersection(PixelBox(x0: 0, y0: 0, x1: Double(width), y1: Double(height)))
    }

    /// The box grown by `x` pixels left and right and `y` pixels up and down.
    public func expanded(x: Double, y: Double) -> PixelBox {
        PixelBox(x0: x0 - x, y0: y0 - y, x1: x1 + x, y1: y1 + y)
    }

    /// Whole pixels inside the box (rounded inwards), clipped to the image; nil when no pixel is left.
    public func pixelRect(width: Int, height: Int) -> (x: Int, y: Int, width: Int, height: Int)? {
        let c = clipped(width: width, height: height)
        let left = Int(c.x0.rounded(.up)), top = Int(c.y0.rounded(.up))
        let right = Int(c.x1.rounded(.down)), bottom = Int(c.y1.rounded(.down))
        guard right > left, bottom > top else { return nil }
        return (left, top, right - left, bottom - top)
    }

    public var description: String {
        func f(_ v: Double) -> String { String(Int(v.rounded())) }
        return "[\(f(x0)), \(f(y0)), \(f(x1)), \(f(y1))]"
    }
}
