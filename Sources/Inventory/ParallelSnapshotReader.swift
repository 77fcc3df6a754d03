/// Runs `iterations` calls of `body` (with indices 0..<iterations), possibly at once on several threads, and
/// returns when all are done. The store supplies one (the portable core starts no threads itself).
public typealias ParallelFor = (_ iterations: Int, _ body: @Sendable (Int) -> Void) -> Void

/// Reads a large snapshot in pieces at once: checking, parsing and decoding each line is independent of the
/// others, only applying them to the state is not. The pieces end at line ends; line numbers and warnings come
/// out exactly as a single pass gives them.
enum ParallelSnapshotReader {
    /// A snapshot line decoded into what it restores.
    enum Line {
        case item(ClosetItem)
        case wear(WearEvent)
        case feedback(FeedbackEvent)
        case alias(from: ItemID, to: ItemID)
        case failed(RecordFailure, unreadable: Bool)
    }

    /// What one piece held.
    struct Piece {
        var lines: [(number: Int, line: Line)] = []
        /// Lines in the piece (blank ones included).
        var lineCount = 0
        var tornTail: (line: Int, reason: String)?
    }

    /// Splits `bytes` (a snapshot after its header line) into at most `count` pieces that end at line ends.
    static func pieces(of bytes: UnsafeBufferPointer<UInt8>, count: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        for index in 1...count {
            guard start < bytes.count else { break }
            var end = index == count ? bytes.count : max(start, bytes.count * index / count)
            if end < bytes.count {
                end = JournalScan.newline(in: bytes, from: end)
                end = min(end + 1, bytes.count)
            }
            ranges.append(start..<end)
            start = end
        }
        return ranges
    }

    /// Checks, parses and decodes one piece (line numbers relative to the piece, from 1).
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, endsFile: Bool) -> Piece {
        var piece = Piece()
        let scan = JournalScan.scan(bytes, firstLineNumber: 1, endsFile: endsFile) { entry in
            switch entry {
            case .unreadable(let line, let failure):
                piece.lines.append((line.number, .failed(failure, unreadable: true)))
            case .record(let line, let record):
                if let wear = record.wear {
                    piece.lines.append((line.number, .wear(wear)))
                    return
                }
                do throws(RecordFailure) {
                    switch record.kind {
                    case "item": piece.lines.append((line.number, .item(try RecordCoding.decodeItem(record.data))))
                    case "wear": piece.lines.append((line.number, .wear(try RecordCoding.decodeWear(record.data))))
                    case "feedback":
                        piece.lines.append((line.number, .feedback(try RecordCoding.decodeFeedback(record.data))))
                    case "alias":
                        let fields = try RecordFields(record.data)
                        piece.lines.append(
                            (line.number, .alias(from: try fields.itemID("from"), to: try fields.itemID("to"))))
                    default: throw RecordFailure("unexpected record kind \"\(record.kind)\" in a snapshot")
                    }
                } catch {
                    piece.lines.append((line.number, .failed(error, unreadable: false)))
                }
            }
        }
        piece.lineCount = scan.nextLineNumber - 1
        if let torn = scan.tornTail { piece.tornTail = (torn.line.number, torn.reason) }
        return piece
    }
}
