// inventory-torture: a writer for the inventory's crash and concurrency tests (not installed, not product surface).
//
//     inventory-torture --state DIR --tag T --count N [--compact-every K] [--auto-compact-bytes B]
//
// Appends N records to the store in DIR: feedback records with recommendation id "T-k", and every tenth an
// item named "T-k". After each append has returned it writes "F T-k" or "I T-k" to standard output with one
// unbuffered write, so a test that SIGKILLs it knows which appends had returned. Every K appends it compacts.
import Glibc
import Inventory
import InventoryStore

func printError(_ message: String) {
    let text = "inventory-torture: \(message)\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
}

func fail(_ message: String) -> Never {
    printError(message)
    exit(2)
}

func integer(_ text: String, _ flag: String) -> Int {
    guard let value = Int(text) else { fail("\(flag): not a number") }
    return value
}

var state: String?
var tag = "t"
var count = 1000
var compactEvery = 0
var options = InventoryStore.Options()
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    guard let value = arguments.popFirst() else { fail("\(flag) needs a value") }
    switch flag {
    case "--state": state = value
    case "--tag": tag = value
    case "--count": count = integer(value, flag)
    case "--compact-every": compactEvery = integer(value, flag)
    case "--auto-compact-bytes": options.compactAfterBytes = integer(value, flag)
    default: fail("unknown option \(flag)")
    }
}
guard let state else { fail("--state DIR is required") }

func acknowledge(_ line: String) {
    let text = line + "\n"
    let written = text.withCString { write(1, $0, strlen($0)) }
    if written != text.utf8.count { fail("cannot write to standard output") }
}

do {
    let store = try InventoryStore(stateDirectory: state, options: options)
    for warning in store.takeWarnings() { printError("warning: \(warning)") }
    for index in 0..<count {
        let name = "\(tag)-\(index)"
        if index % 10 == 9 {
            try store.addItem(category: .tops, colour: .red) { $0.name = name }
            acknowledge("I \(name)")
        } else {
            try store.logFeedback(
                FeedbackEvent(recommendation: name, outfit: [], action: .accept, time: LocalClock.now()))
            acknowledge("F \(name)")
        }
        if compactEvery > 0, index % compactEvery == compactEvery - 1 { try store.compact() }
    }
} catch {
    fail("\(error)")
}
