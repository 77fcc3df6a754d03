// inventory-bench: load time of a large inventory and append latency with fsync, each against its floor.
//
//     tools/bench-inventory.sh [--items 2000] [--wears 100000] [--dimension 128] [--appends 500] [--dir DIR]
//
// Load: open a store of N items and M wear events (all in the snapshot, then all in the journal), median of
// 5 runs; the peer is reading the same bytes and checksumming them (the I/O floor). Append: logWear with
// fdatasync, median and p99; the peer is write + fdatasync of a line the same size to a plain file.
import Glibc
import Inventory
import InventoryStore

func fail(_ message: String) -> Never {
    let text = "inventory-bench: \(message)\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
    exit(2)
}

func nowNanoseconds() -> UInt64 { clockNanoseconds(CLOCK_MONOTONIC) }

/// CPU time of this process: steadier than wall time on a machine shared with other work.
func cpuNanoseconds() -> UInt64 { clockNanoseconds(CLOCK_PROCESS_CPUTIME_ID) }

func clockNanoseconds(_ clock: clockid_t) -> UInt64 {
    var spec = timespec()
    clock_gettime(clock, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

func milliseconds(_ nanoseconds: UInt64) -> String {
    let hundredths = (nanoseconds + 5000) / 10_000
    return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100) ms"
}

func percentile(_ values: [UInt64], _ fraction: Double) -> UInt64 {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * fraction + 0.5))]
}

func ratio(_ a: UInt64, _ b: UInt64) -> String {
    let tenths = b == 0 ? 0 : (a * 10 + b / 2) / b
    return "\(tenths / 10).\(tenths % 10)x"
}

var itemCount = 2000
var wearCount = 100_000
var dimension = 128
var appendCount = 500
var directory = "/tmp/closetd-inventory-bench"
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    guard let value = arguments.popFirst() else { fail("\(flag) needs a value") }
    switch flag {
    case "--items": itemCount = Int(value) ?? 0
    case "--wears": wearCount = Int(value) ?? 0
    case "--dimension": dimension = Int(value) ?? -1
    case "--appends": appendCount = Int(value) ?? 0
    case "--dir": directory = value
    default: fail("unknown option \(flag)")
    }
}
guard itemCount >= 30, wearCount >= 1, dimension >= 0, appendCount >= 10 else { fail("bad sizes") }

// Build the state in memory: items with one embedding each; ten wears a day of three items each.
var state = InventoryState()
let start = Timestamp("2000-01-01T00:00:00Z")!
var records: [InventoryChange] = []
for number in 1...itemCount {
    var item = ClosetItem(
        id: ItemID(number: UInt32(number)), category: GarmentCategory.allCases[number % 15],
        colour: ColourName.allCases[number % 11], firstSeen: start)
    item.measuredColour = MeasuredColour(red: UInt8(number & 255), green: 40, blue: 90)
    item.name = "item \(number)"
    item.price = Double(number % 200)
    if dimension > 0 { item.embeddings = [(0..<dimension).map { Float(($0 * 31 + number) % 97) / 97 }] }
    records.append(.putItem(item))
}
let firstDay = CalendarDate("2000-01-01")!
for index in 0..<wearCount {
    let items = (0..<3).map { ItemID(number: UInt32((index * 3 + $0) % itemCount + 1)) }
    records.append(
        .wear(WearEvent(date: firstDay.adding(days: index / 10), items: items, outfit: "o-\(index)", source: .camera)))
}
for (offset, change) in records.enumerated() {
    do { try state.apply(change) } catch { fail("building the state: \(error)") }
    state.advanceSequence(to: UInt64(offset + 1))
}

func prepare(_ folder: String) -> StorePaths {
    _ = system("rm -rf '\(folder)'")
    do { try FileIO.makeDirectories(folder + "/inventory") } catch { fail("\(error)") }
    return StorePaths(stateDirectory: folder)
}

/// Median time to open the store in `folder`, and of reading + checksumming its files.
func measureLoad(_ folder: String, files: [String]) -> (
    load: UInt64, floor: UInt64, cpu: UInt64, items: Int, wears: Int
) {
    var loads: [UInt64] = []
    var cpus: [UInt64] = []
    var floors: [UInt64] = []
    var items = 0
    var wears = 0
    for _ in 0..<5 {
        let t0 = nowNanoseconds()
        let c0 = cpuNanoseconds()
        guard let store = try? InventoryStore(stateDirectory: folder) else { fail("cannot load \(folder)") }
        cpus.append(cpuNanoseconds() - c0)
        loads.append(nowNanoseconds() - t0)
        items = store.state.items.count
        wears = store.state.wearLog.count
        let t1 = nowNanoseconds()
        var check: UInt32 = 0
        for file in files {
            guard let bytes = try? FileIO.readFile(file) else { fail("cannot read \(file)") }
            check ^= CRC32.checksum(bytes)
        }
        floors.append(nowNanoseconds() - t1)
        if check == 1 { print("") }  // keeps the checksum from being optimised away
    }
    return (percentile(loads, 0.5), percentile(floors, 0.5), percentile(cpus, 0.5), items, wears)
}

// 1. Everything in the snapshot (the state after a compaction).
let snapshotFolder = directory + "/snapshot"
let snapshotPaths = prepare(snapshotFolder)
let snapshotBytes = state.snapshotBytes(created: start)
do { try FileIO.writeFileAtomically(snapshotPaths.snapshot, bytes: snapshotBytes) } catch { fail("\(error)") }
let fromSnapshot = measureLoad(snapshotFolder, files: [snapshotPaths.snapshot])
print("store: \(fromSnapshot.items) items, \(fromSnapshot.wears) wear events, embedding dimension \(dimension)")
print(
    "load from snapshot (\(snapshotBytes.count / 1024) KiB): \(milliseconds(fromSnapshot.load)) median of 5 (CPU \(milliseconds(fromSnapshot.cpu))); "
        + "read+CRC floor \(milliseconds(fromSnapshot.floor)); ratio \(ratio(fromSnapshot.load, fromSnapshot.floor))")

// Where a snapshot load goes: checking and parsing the lines, against all of restoring, bytes in memory.
do {
    var scans: [UInt64] = []
    var restores: [UInt64] = []
    for _ in 0..<5 {
        let t0 = nowNanoseconds()
        let scan = snapshotBytes.withUnsafeBufferPointer { JournalScan.scan($0) }
        scans.append(nowNanoseconds() - t0)
        if scan.entries.isEmpty { fail("empty scan") }
        let t1 = nowNanoseconds()
        _ = try snapshotBytes.withUnsafeBufferPointer { try InventoryState.restore(snapshot: $0, file: "bench") }
        restores.append(nowNanoseconds() - t1)
    }
    print(
        "  in memory: check+parse lines \(milliseconds(percentile(scans, 0.5))), "
            + "whole restore \(milliseconds(percentile(restores, 0.5)))")
} catch { fail("\(error)") }

// 2. Everything in the journal (no compaction yet): the replay path.
let journalFolder = directory + "/journal"
let journalPaths = prepare(journalFolder)
var journalBytes: [UInt8] = []
for (offset, change) in records.enumerated() {
    journalBytes += RecordLine.encode(
        sequence: UInt64(offset + 1), kind: change.kind, data: RecordCoding.encode(change))
}
let empty = InventoryState().snapshotBytes(created: start)
do {
    try FileIO.writeFileAtomically(journalPaths.snapshot, bytes: empty)
    try FileIO.writeFileAtomically(journalPaths.journal, bytes: journalBytes)
} catch { fail("\(error)") }
let fromJournal = measureLoad(journalFolder, files: [journalPaths.journal])
print(
    "load from journal (\(journalBytes.count / 1024) KiB): \(milliseconds(fromJournal.load)) median of 5 (CPU \(milliseconds(fromJournal.cpu))); "
        + "read+CRC floor \(milliseconds(fromJournal.floor)); ratio \(ratio(fromJournal.load, fromJournal.floor))")

// 3. Append latency with fdatasync, against write + fdatasync of the same bytes.
guard let store = try? InventoryStore(stateDirectory: snapshotFolder) else { fail("cannot open the store") }
var appendTimes: [UInt64] = []
let lastDay = firstDay.adding(days: wearCount / 10 + 1)
for index in 0..<appendCount {
    let items = [ItemID(number: UInt32(index % itemCount + 1))]
    let t0 = nowNanoseconds()
    do { try store.logWear(items, on: lastDay.adding(days: index / itemCount), source: .camera) } catch {
        fail("\(error)")
    }
    appendTimes.append(nowNanoseconds() - t0)
}
let line = RecordLine.encode(
    sequence: 123_456, kind: "wear",
    data: RecordCoding.encode(WearEvent(date: lastDay, items: [ItemID(number: 1)], source: .camera)))
let plainPath = directory + "/plain.jsonl"
let plain = open(plainPath, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0o600)
var plainTimes: [UInt64] = []
for _ in 0..<appendCount {
    let t0 = nowNanoseconds()
    _ = line.withUnsafeBytes { write(plain, $0.baseAddress!, $0.count) }
    fdatasync(plain)
    plainTimes.append(nowNanoseconds() - t0)
}
close(plain)
let (appendMedian, appendP99) = (percentile(appendTimes, 0.5), percentile(appendTimes, 0.99))
let (plainMedian, plainP99) = (percentile(plainTimes, 0.5), percentile(plainTimes, 0.99))
print(
    "append (logWear + fdatasync, \(appendCount)x): median \(milliseconds(appendMedian)), p99 \(milliseconds(appendP99)); "
        + "write+fdatasync floor median \(milliseconds(plainMedian)), p99 \(milliseconds(plainP99)); "
        + "ratio \(ratio(appendMedian, plainMedian)) (median)")
_ = system("rm -rf '\(directory)'")
