/// A plain-text table for people: a header row, columns padded to their widest cell.
struct TextTable {
    var headers: [String]
    var rows: [[String]] = []

    init(_ headers: [String]) { self.headers = headers }

    mutating func add(_ row: [String]) { rows.append(row) }

    /// The table's lines, without trailing spaces.
    var text: String {
        var widths = headers.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            var out = ""
            for (column, cell) in cells.enumerated() {
                out += cell
                if column < cells.count - 1 { out += String(repeating: " ", count: widths[column] - cell.count + 2) }
            }
            while out.hasSuffix(" ") { out.removeLast() }
            return out
        }
        return ([line(headers)] + rows.map(line)).joined(separator: "\n")
    }
}
