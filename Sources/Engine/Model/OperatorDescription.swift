/// One operator of the graph as the file describes it: what it is, its tensors and its (still raw) options table.
public struct OperatorDescription: Sendable {
    /// TFLite builtin operator code (max of deprecated_builtin_code and builtin_code).
    public var builtinCode: Int32
    public var version: Int
    /// Tensor indices; -1 marks an omitted optional input.
    public var inputs: [Int]
    public var outputs: [Int]
    /// The union type of builtin_options (0 when absent).
    public var optionsType: UInt8
    var options: FlatTable?
    /// Path of the operator in the file, for error messages.
    public var field: String

    /// The builtin name for messages ("CONV_2D"), or the number when closetd does not know it.
    public var name: String { BuiltinOperatorName.name(builtinCode) }
}
