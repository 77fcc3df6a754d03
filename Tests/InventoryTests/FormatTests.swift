import Testing

@testable import Inventory

@Suite("Formats: CRC-32, JSON, base64, dates, ids, record lines")
struct FormatTests {
    @Test func crc32MatchesTheStandardCheckValue() {
        // The CRC-32/ISO-HDLC check value of "123456789".
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }

    @Test func crc32SlicedLoopAgreesWithBytewise() {
        var generator = SystemRandomNumberGenerator()
        for length in [1, 7, 8, 9, 15, 16, 17, 100, 1000] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            }
            #expect(CRC32.checksum(bytes) == crc ^ 0xFFFF_FFFF, "length \(length)")
        }
    }

    @Test func jsonRoundTripsAndEscapes() throws {
        let text = #"{"a":[1,-2.5,true,false,null],"b":"q\"\\\n\t\u0001é😀","c":{}}"#
        let value = try JSONParser.parse(text)
        #expect(value["b"]?.stringValue == "q\"\\\n\t\u{1}é😀")
        #expect(value["a"]?.arrayValue?[1].numberValue == -2.5)
        let again = try JSONParser.parse(value.jsonText)
        #expect(again.jsonText == value.jsonText)
        #expect(try JSONParser.parse(#""\ud83d\ude00""#).stringValue == "😀")
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\":1,}", "01", "1.", "\"abc", "\"\u{1}\"", "tru", "{\"a\" 1}", "[1] x", "\"\\ud800\"",
        "1e",
        String(repeating: "[", count: 40) + String(repeating: "]", count: 40),
    ])
    func jsonRejectsMalformedText(_ text: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(text) }
    }

    @Test func base64RoundTripsEveryLength() {
        for length in 0..<20 {
            let bytes = (0..<length).map { UInt8(($0 * 37 + 11) & 0xFF) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
        #expect(Base64.encode(Array("foobar".utf8)) == "Zm9vYmFy")
        #expect(Base64.encode(Array("fo".utf8)) == "Zm8=")
        #expect(Base64.decode("Zm8") == nil)
        #expect(Base64.decode("Z=8=") == nil)
    }

    @Test func embeddingsRoundTripExactly() {
        let vector: [Float] = [0, -0.0, 1.5, -3.25e-7, Float.greatestFiniteMagnitude, 0.1]
        let decoded = RecordCoding.decodeEmbedding(RecordCoding.encodeEmbedding(vector))
        #expect(decoded?.map(\.bitPattern) == vector.map(\.bitPattern))
        #expect(RecordCoding.decodeEmbedding(RecordCoding.encodeEmbedding([Float.nan])) == nil)
    }

    @Test func calendarDatesConvertBothWays() {
        #expect(CalendarDate("1970-01-01")?.dayNumber == 0)
        #expect(CalendarDate("2000-03-01")?.dayNumber == 11017)
        #expect(CalendarDate("2024-02-29") != nil)
        #expect(CalendarDate("2023-02-29") == nil)
        #expect(CalendarDate("2026-13-01") == nil)
        #expect(CalendarDate("2026-1-01") == nil)
        for day in stride(from: Int32(-719_162), through: 2_900_000, by: 997) {
            let date = CalendarDate(dayNumber: day)
            #expect(CalendarDate(date.description) == date)
        }
        #expect(CalendarDate("2026-11-23")?.weekdayFromMonday == 0)  // a Monday
        #expect(Timestamp("2026-11-23T10:33:19Z")?.description == "2026-11-23T10:33:19Z")
        #expect(Timestamp("1969-12-31T23:59:59Z")?.secondsSince1970 == -1)
        #expect(Timestamp("2026-11-23 10:33:19") == nil)
    }

    @Test func itemIDsAreForgivingWhenRead() {
        #expect(ItemID("i-0001")?.number == 1)
        #expect(ItemID("I-7")?.description == "i-0007")
        #expect(ItemID("i-123456")?.description == "i-123456")
        #expect(ItemID("i-0") == nil)
        #expect(ItemID("x-1") == nil)
        #expect(ItemID("i-") == nil)
        #expect(ItemID("i-99999999999") == nil)
        #expect(ItemID("i-999999999")?.number == 999_999_999)
        #expect(ItemID("i-1000000000") == nil)
    }

    @Test func measuredColourParsesAndConvertsToLab() {
        #expect(MeasuredColour(hex: "#1F2a44")?.description == "#1f2a44")
        #expect(MeasuredColour(hex: "12345") == nil)
        let white = MeasuredColour(hex: "#ffffff")!.lab
        #expect(abs(white.l - 100) < 0.01 && abs(white.a) < 0.01 && abs(white.b) < 0.01)
        #expect(abs(MeasuredColour(hex: "#000000")!.lab.l) < 0.01)
        // Pure sRGB red is about L 53.2, a 80.1, b 67.2 in CIELAB (D65).
        let red = MeasuredColour(hex: "#ff0000")!.lab
        #expect(abs(red.l - 53.24) < 0.1 && abs(red.a - 80.09) < 0.2 && abs(red.b - 67.2) < 0.2)
    }

    @Test func recordLinesDetectEveryFlippedByte() throws {
        let line = RecordLine.encode(sequence: 42, kind: "wear", data: .object([("date", .string("2026-11-23"))]))
        #expect(line.last == 0x0A)
        let body = Array(line.dropLast())
        let decoded = try body.withUnsafeBufferPointer { try RecordLine.decode($0) }
        #expect(decoded.sequence == 42 && decoded.kind == "wear")
        for index in body.indices {
            var damaged = body
            damaged[index] ^= 0x04
            #expect(throws: RecordFailure.self) { try damaged.withUnsafeBufferPointer { try RecordLine.decode($0) } }
        }
    }

    @Test func newlineSearchAgreesWithAPlainLoop() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let length = Int.random(in: 0...40, using: &generator)
            // Mostly bytes near 0x0a, to exercise borrows between bytes.
            let bytes = (0..<length).map { _ in
                [0x0A, 0x0B, 0x09, 0x8A, 0x00, 0xFF][Int.random(in: 0...5, using: &generator)] as UInt8
            }
            let start = Int.random(in: 0...length, using: &generator)
            let expected = bytes[start...].firstIndex(of: 0x0A) ?? length
            #expect(bytes.withUnsafeBufferPointer { JournalScan.newline(in: $0, from: start) } == expected)
        }
    }

    @Test func canonicalWearLinesReadTheSameAsThroughTheGeneralReader() throws {
        let wears = [
            WearEvent(
                date: CalendarDate("2026-11-20")!, items: [ItemID(number: 1), ItemID(number: 12345)], outfit: "o-7",
                source: .camera),
            WearEvent(date: CalendarDate("1999-01-31")!, items: [], source: .manual),
            WearEvent(
                date: CalendarDate("2026-02-28")!, items: [ItemID(number: 3)], outfit: "with \"quote\"", source: .ingest
            ),
        ]
        for (index, wear) in wears.enumerated() {
            for sequence in [nil, UInt64(index + 1)] {
                let line = Array(
                    RecordLine.encode(sequence: sequence, kind: "wear", data: RecordCoding.encode(wear)).dropLast())
                let decoded = try line.withUnsafeBufferPointer { try RecordLine.decode($0) }
                #expect(decoded.sequence == sequence)
                #expect(decoded.wear == (index == 2 ? nil : wear), "fast path taken only for plain outfit ids")
                #expect(try RecordCoding.decodeWear(decoded.data) == wear)
            }
        }
    }

    @Test func journalScanSeparatesMiddleCorruptionFromATornTail() {
        let good1 = RecordLine.encode(sequence: 1, kind: "a", data: .object([]))
        var bad = RecordLine.encode(sequence: 2, kind: "a", data: .object([]))
        bad[3] = UInt8(ascii: "x")
        let good3 = RecordLine.encode(sequence: 3, kind: "a", data: .object([]))
        let torn = Array(RecordLine.encode(sequence: 4, kind: "a", data: .object([])).prefix(10))
        let bytes = good1 + bad + good3 + torn
        let scan = bytes.withUnsafeBufferPointer { JournalScan.scan($0) }
        #expect(scan.entries.count == 3)
        if case .unreadable(let line, _) = scan.entries[1] {
            #expect(line.number == 2)
        } else {
            Issue.record("line 2 read")
        }
        #expect(scan.tornTail?.line.number == 4)
        #expect(scan.goodEnd == good1.count + bad.count + good3.count)
        // A damaged last line with its newline is a torn tail too.
        let scan2 = (good1 + bad).withUnsafeBufferPointer { JournalScan.scan($0) }
        #expect(scan2.entries.count == 1 && scan2.tornTail?.line.number == 2)
    }
}
