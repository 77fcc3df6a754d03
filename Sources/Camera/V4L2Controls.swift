/// Sets controls of a V4L2 device through a handle of its own, closed again at once (so that a driver waiting for
/// all handles to close, like vivid after `Disconnect`, is not held up).
public enum V4L2Controls {
    /// Sets the control called `name` (as VIDIOC_QUERY_EXT_CTRL names it, case-insensitive) to `value`.
    public static func set(device: String, control name: String, to value: Int32) throws {
        let device = try V4L2Device(path: device)
        defer { device.close() }
        try device.setControl(named: name, to: value)
    }
}
