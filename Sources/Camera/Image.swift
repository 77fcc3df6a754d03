/// An 8-bit image in memory: packed RGB (3 channels) or grey (1 channel), rows `width * channels` bytes apart.
public struct Image: Sendable, Equatable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// 3 for RGB, 1 for grey.
    public var channels: Int
    /// `height` rows of `width * channels` bytes.
    public var pixels: [UInt8]

    /// An image of the given size filled with `value`.
    public init(width: Int, height: Int, channels: Int, value: UInt8 = 0) {
        precondition(width >= 0 && height >= 0 && (channels == 1 || channels == 3), "bad image shape")
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = [UInt8](repeating: value, count: width * height * channels)
    }

    /// Wraps existing pixels; their count must be `width * height * channels`.
    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * channels, "pixel count does not match the image shape")
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// Bytes per row.
    public var rowBytes: Int { width * channels }
}
