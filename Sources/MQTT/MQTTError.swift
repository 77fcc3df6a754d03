import CMosquitto

/// An error from libmosquitto, with the call that failed and the library's own explanation.
public struct MQTTError: Error, CustomStringConvertible, Sendable {
    /// The libmosquitto function that failed.
    public var function: String
    /// libmosquitto's error code (MOSQ_ERR_*).
    public var code: Int32
    /// libmosquitto's text for the code, plus context.
    public var message: String

    init(_ function: String, code: Int32, context: String = "") {
        self.function = function
        self.code = code
        let text = String(cString: mosquitto_strerror(code))
        self.message = context.isEmpty ? text : "\(context): \(text)"
    }

    public var description: String { "\(function) failed: \(message)" }
}
