/// How a frame's bytes encode its pixels.
public enum PixelFormat: String, Sendable, Equatable, CaseIterable {
    /// One JPEG per frame (Motion-JPEG).
    case mjpeg = "MJPG"
    /// 4:2:2 Y0 U Y1 V.
    case yuyv = "YUYV"
    /// Packed 8-bit R G B (what libv4l2 converts other formats to).
    case rgb24 = "RGB3"
}
