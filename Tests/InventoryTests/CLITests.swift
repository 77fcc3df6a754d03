import Foundation
import Testing

@testable import Inventory

/// Runs the built `closetd` against a fresh state folder.
struct CLI {
    let folder = TemporaryFolder()
    let binary = builtExecutable("closetd")
    let config: String

    init() throws {
        config = folder.path + "/closetd.yaml"
        let defaults = try run(binary, ["config", "default"])
        overwrite(config, Data(defaults.standardOutput.utf8))
    }

    var state: String { folder.path + "/state" }

    /// `closetd <arguments> --config … --state …` with TZ=UTC.
    func callAsFunction(_ arguments: String..., input: String? = nil) throws -> ProcessResult {
        var environment = ProcessInfo.processInfo.environment
        environment["TZ"] = "UTC"
        return try run(
            binary, arguments + ["--config", config, "--state", state], input: input, environment: environment)
    }

    func json(_ arguments: String...) throws -> JSONValue {
        var environment = ProcessInfo.processInfo.environment
        environment["TZ"] = "UTC"
        let result = try run(binary, arguments + ["--config", config, "--state", state], environment: environment)
        #expect(result.status == 0, "\(arguments): \(result.standardError)")
        return try JSONParser.parse(result.standardOutput)
    }

    /// Three items, some wears: jeans i-0001 (80), white T-shirt i-0002, grey coat i-0003 (200).
    func seed() throws {
        #expect(
            try self("inventory", "add", "--category", "jeans", "--colour", "blue", "--name", "Levi's", "--price", "80")
                .status == 0)
        #expect(try self("inventory", "add", "--category", "tshirt", "--colour", "white").status == 0)
        #expect(try self("inventory", "add", "--category", "coats", "--colour", "gray", "--price", "200").status == 0)
        #expect(try self("inventory", "wear", "i-1", "i-2", "--date", "2026-11-20").status == 0)
        #expect(try self("inventory", "wear", "i-1", "--date", "2026-11-21").status == 0)
        #expect(try self("inventory", "wear", "i-1", "i-3", "--date", "2026-10-01").status == 0)
    }

    func remove() { folder.remove() }
}

@Suite("closetd inventory / laundry / stats: output and exit codes of the built binary")
struct CLITests {
    @Test func addByHandWithAndWithoutAPhoto() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let added = try cli(
            "inventory", "add", "--category", "Jeans", "--colour", "blue", "--name", "Levi's 501", "--price", "79.5")
        #expect(added.status == 0)
        #expect(added.standardOutput == "added i-0001: Levi's 501\n")
        let json = try cli.json(
            "inventory", "add", "--category", "coats", "--colour", "grey", "--warmth", "0.9", "--json")
        #expect(json["id"]?.stringValue == "i-0002")
        #expect(json["warmth"]?.numberValue == 0.9)
        #expect(json["laundry"]?.stringValue == "clean")
        let photo = cli.folder.path + "/photo.jpg"
        overwrite(photo, Data([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]))
        let withPhoto = try cli.json(
            "inventory", "add", "--category", "bags", "--colour", "brown", "--photo", photo, "--json")
        #expect(withPhoto["thumbnail"]?.stringValue == "i-0003.jpg")
        #expect(contents(cli.state + "/thumbnails/i-0003.jpg") == [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3])

        let badCategory = try cli("inventory", "add", "--category", "hats", "--colour", "blue")
        #expect(badCategory.status == 64)
        #expect(badCategory.standardError.contains("unknown category \"hats\""))
        let badColour = try cli("inventory", "add", "--category", "tops", "--colour", "mauve")
        #expect(badColour.status == 64)
        let notAPhoto = cli.folder.path + "/notes.txt"
        overwrite(notAPhoto, Data("hello".utf8))
        let badPhoto = try cli("inventory", "add", "--category", "tops", "--colour", "red", "--photo", notAPhoto)
        #expect(badPhoto.status == 65)
        #expect(badPhoto.standardError.contains("not a JPEG or PNG"))
        let missingPhoto = try cli(
            "inventory", "add", "--category", "tops", "--colour", "red", "--photo", "/nonexistent.jpg")
        #expect(missingPhoto.status == 65)
        #expect(missingPhoto.standardError.contains("/nonexistent.jpg"))
        let badPrice = try cli("inventory", "add", "--category", "tops", "--colour", "red", "--price=-5")
        #expect(badPrice.status == 1)
        #expect(badPrice.standardError.contains("invalid price"))
        #expect(try cli.json("inventory", "list", "--json").arrayValue?.count == 3)
    }

    @Test func listFiltersAndSorts() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.seed()
        let table = try cli("inventory", "list")
        #expect(table.status == 0)
        let lines = table.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("ID      CATEGORY  COLOUR  NAME    LAUNDRY  WEARS  LAST WORN") == true)
        #expect(lines[1].hasPrefix("i-0001  jeans     blue    Levi's  worn     3      2026-11-21  80.00   26.67"))
        #expect(lines.last == "3 items")
        func ids(_ arguments: String...) throws -> [String] {
            let result = try run(
                cli.binary,
                ["inventory", "list", "--json"] + arguments + ["--config", cli.config, "--state", cli.state])
            #expect(result.status == 0, "\(result.standardError)")
            return try JSONParser.parse(result.standardOutput).arrayValue!.map { $0["id"]!.stringValue! }
        }
        #expect(try ids("--category", "coats") == ["i-0003"])
        #expect(try ids("--colour", "white") == ["i-0002"])
        #expect(try ids("--sort", "wears") == ["i-0001", "i-0002", "i-0003"])
        #expect(try ids("--sort", "last-worn") == ["i-0003", "i-0002", "i-0001"])
        #expect(try ids("--sort", "cost-per-wear") == ["i-0003", "i-0001", "i-0002"])
        #expect(try cli("laundry", "i-2", "dirty").status == 0)
        #expect(try ids("--laundry", "dirty") == ["i-0002"])
        #expect(try cli("inventory", "list", "--sort", "colour").status == 64)
        #expect(try cli("inventory", "list", "--laundry", "soaked").status == 64)
    }

    @Test func showEditArchiveDelete() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.seed()
        let show = try cli("inventory", "show", "i-0001")
        #expect(show.status == 0)
        #expect(show.standardOutput.contains("name:          Levi's\n"))
        #expect(show.standardOutput.contains("worn on:       2026-10-01 2026-11-20 2026-11-21\n"))
        #expect(try cli("inventory", "show", "i-0042").status == 1)
        #expect(try cli("inventory", "show", "i-0042").standardError.contains("no item i-0042"))
        #expect(try cli("inventory", "show", "jeans").status == 64)

        let edited = try cli.json(
            "inventory", "edit", "i-1", "--name", "Old jeans", "--price", "", "--warmth", "0.3",
            "--category", "pants", "--colour", "black", "--notes", "hem", "--pattern", "striped", "--rgb", "#112233",
            "--json")
        #expect(edited["name"]?.stringValue == "Old jeans" && edited["price"]?.isNull == true)
        #expect(edited["category"]?.stringValue == "pants" && edited["colour"]?.stringValue == "black")
        #expect(edited["pattern"]?.stringValue == "striped" && edited["rgb"]?.stringValue == "#112233")
        #expect(edited["wear_count"]?.numberValue == 3)
        #expect(try cli("inventory", "edit", "i-1").status == 64)
        let tooWarm = try cli("inventory", "edit", "i-1", "--warmth", "50")
        #expect(tooWarm.status == 1 && tooWarm.standardError.contains("invalid warmth"))
        #expect(try cli("inventory", "edit", "i-9", "--name", "x").status == 1)

        let archived = try cli("inventory", "archive", "i-2")
        #expect(archived.status == 0 && archived.standardOutput == "archived i-0002: white t-shirts\n")
        #expect(try cli.json("inventory", "list", "--json").arrayValue?.count == 2)
        #expect(try cli.json("inventory", "list", "--archived", "--json").arrayValue?.count == 3)
        #expect(try cli("inventory", "archive", "i-2", "--undo").standardOutput == "restored i-0002: white t-shirts\n")

        let deleted = try cli("inventory", "delete", "i-3")
        #expect(
            deleted.status == 0
                && deleted.standardOutput == "deleted i-0003: grey coats (1 wears removed from the log)\n")
        #expect(try cli("inventory", "show", "i-3").status == 1)
        #expect(try cli("inventory", "delete", "i-3").status == 1)
        #expect(try cli.json("inventory", "wears", "--json").arrayValue?.count == 3)
        #expect(
            try cli.json("inventory", "add", "--category", "tops", "--colour", "red", "--json")["id"]?.stringValue
                == "i-0004")
    }

    @Test func mergeCombinesTwoItems() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.seed()
        let merged = try cli("inventory", "merge", "i-1", "i-3")
        #expect(merged.status == 0)
        #expect(merged.standardOutput == "merged i-0003 into i-0001: 3 wears, 0 embeddings\n")
        #expect(try cli("inventory", "show", "i-3", "--json").standardOutput.contains("\"id\":\"i-0001\""))
        #expect(try cli("inventory", "merge", "i-1", "i-3").status == 1)
        #expect(try cli("inventory", "merge", "i-1", "i-9").status == 1)
        #expect(try cli("inventory", "merge", "i-1").status == 64)
    }

    @Test func wearAndWears() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.seed()
        let again = try cli("inventory", "wear", "i-1", "--date", "2026-11-21")
        #expect(again.status == 0 && again.standardOutput == "already logged for 2026-11-21; nothing to add\n")
        let partly = try cli("inventory", "wear", "i-1", "i-2", "--date", "2026-11-21", "--outfit", "o-7")
        #expect(partly.standardOutput == "logged 2026-11-21: i-0002\n")
        #expect(try cli("inventory", "wear", "i-8").status == 1)
        #expect(try cli("inventory", "wear", "i-1", "--date", "21/11/2026").status == 64)
        #expect(try cli("inventory", "wear").status == 64)
        let today = try cli("inventory", "wear", "i-3")
        #expect(
            today.status == 0
                && (today.standardOutput.hasPrefix("logged ") || today.standardOutput.hasPrefix("already logged")))

        let wears = try cli.json("inventory", "wears", "--from", "2026-11-01", "--to", "2026-11-22", "--json")
            .arrayValue!
        #expect(wears.map { $0["date"]!.stringValue! } == ["2026-11-20", "2026-11-21", "2026-11-21"])
        #expect(wears[2]["outfit"]?.stringValue == "o-7" && wears[2]["source"]?.stringValue == "manual")
        #expect(wears[0]["items"]?.arrayValue?.map { $0.stringValue! } == ["i-0001", "i-0002"])
        let ofCoat = try cli.json("inventory", "wears", "--item", "i-3", "--to", "2026-11-22", "--json").arrayValue!
        #expect(ofCoat.map { $0["date"]!.stringValue! } == ["2026-10-01"])
        let table = try cli("inventory", "wears", "--to", "2026-10-31")
        #expect(
            table.standardOutput
                == "DATE        ITEMS          OUTFIT  SOURCE\n2026-10-01  i-0001 i-0003  -       manual\n")
        #expect(try cli("inventory", "wears", "--from", "yesterday").status == 64)
    }

    @Test func laundry() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.seed()
        let worn = try cli("laundry", "--worn", "dirty")
        #expect(worn.status == 0 && worn.standardOutput == "dirty: i-0001 i-0002 i-0003\n")
        #expect(try cli("laundry", "--worn", "dirty").standardOutput == "no worn items\n")
        let clean = try cli("laundry", "i-1", "I-0003", "clean")
        #expect(clean.status == 0 && clean.standardOutput == "clean: i-0001 i-0003\n")
        let states = try cli.json("inventory", "list", "--json").arrayValue!.map { $0["laundry"]!.stringValue! }
        #expect(states == ["clean", "dirty", "clean"])
        #expect(try cli("laundry", "i-1").status == 64)
        #expect(try cli("laundry", "i-1", "soaked").status == 64)
        #expect(try cli("laundry", "--worn", "i-1", "dirty").status == 64)
        #expect(try cli("laundry", "i-7", "clean").status == 1)
    }

    @Test func stats() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.seed()
        #expect(try cli("inventory", "add", "--category", "skirts", "--colour", "pink").status == 0)
        let json = try cli.json(
            "stats", "--as-of", "2026-11-23", "--days", "30", "--month", "2026-11", "--top", "2", "--json")
        #expect(json["items"]?.numberValue == 4)
        #expect(json["most_worn"]?.arrayValue?.map { $0["id"]!.stringValue! } == ["i-0001", "i-0002"])
        #expect(json["least_worn"]?.arrayValue?.map { $0["id"]!.stringValue! } == ["i-0004", "i-0003"])
        #expect(json["worn_in_window"]?.numberValue == 2)
        #expect(json["not_worn_in_window"]?.arrayValue?.map { $0["id"]!.stringValue! } == ["i-0004", "i-0003"])
        #expect(json["cost_per_wear"]?.arrayValue?.map { $0["cost_per_wear"]!.numberValue! } == [200, 26.67])
        let perDay = json["items_worn_per_day"]!.arrayValue!.map { Int($0.numberValue!) }
        #expect(perDay.count == 30 && perDay[19] == 2 && perDay[20] == 1 && perDay.reduce(0, +) == 3)
        let text = try cli("stats", "--as-of", "2026-11-23", "--days", "30", "--month", "2026-11")
        #expect(text.status == 0)
        #expect(text.standardOutput.contains("Worn in the last 30 days: 2 of 4 (50%)"))
        #expect(text.standardOutput.contains("  i-0003  grey coats: 200.00 (200.00 / 1 wears)"))
        #expect(text.standardOutput.contains("  Mo    Tu    We    Th    Fr    Sa    Su\n"))
        #expect(text.standardOutput.contains("16 ·  17 ·  18 ·  19 ·  20 2  21 1  22 ·"))
        #expect(try cli("stats", "--month", "November").status == 64)
        #expect(try cli("stats", "--days", "0").status == 64)
    }

    @Test func exportThenImportIntoAnotherCloset() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.seed()
        #expect(try cli("inventory", "edit", "i-2", "--notes", "soft, \"organic\"").status == 0)
        let exported = try cli("inventory", "export", "--csv")
        #expect(exported.status == 0)
        #expect(
            exported.standardOutput.hasPrefix(
                "id,category,colour,rgb,pattern,name,notes,price,warmth,laundry,archived,"))
        let other = try CLI()
        defer { other.remove() }
        let imported = try other("inventory", "import", "-", input: exported.standardOutput)
        #expect(imported.status == 0 && imported.standardOutput == "imported: 3 added, 0 updated\n")
        func fields(_ cli: CLI) throws -> [String] {
            try cli.json("inventory", "list", "--json").arrayValue!.map { item in
                ["id", "category", "colour", "name", "notes", "price", "laundry", "first_seen"].map {
                    item[$0]!.jsonText
                }
                .joined(separator: "|")
            }
        }
        #expect(try fields(other) == fields(cli))
        // Importing again updates in place; a bad row changes nothing and names the row.
        #expect(
            try other("inventory", "import", "-", input: exported.standardOutput).standardOutput
                == "imported: 0 added, 3 updated\n")
        let bad = try other("inventory", "import", "-", input: "category,colour\ncoats,black\nhats,blue\n")
        #expect(bad.status == 65 && bad.standardError.contains("row 3: category"))
        #expect(try other.json("inventory", "list", "--json").arrayValue?.count == 3)
        let file = other.folder.path + "/new.csv"
        overwrite(file, Data("category,colour,name\ncoats,black,Wool coat\n".utf8))
        #expect(try other("inventory", "import", "--csv", file).standardOutput == "imported: 1 added, 0 updated\n")
        #expect(try other("inventory", "import", "/nonexistent.csv").status == 65)
        // The last possible id: importable; after it, adding is refused, not a crash.
        #expect(
            try other("inventory", "import", "-", input: "id,category,colour\ni-999999999,jeans,blue\n").status == 0)
        let full = try other("inventory", "add", "--category", "tops", "--colour", "red")
        #expect(full.status == 1 && full.standardError.contains("beyond i-999999999"))
        #expect(try other("inventory", "import", "-", input: "category,colour,price\njeans,blue,1e300\n").status == 65)
        #expect(try cli("inventory", "export", "--csv", "--json").status == 64)
        #expect(try cli.json("inventory", "export", "--json").arrayValue?.count == 3)
    }

    @Test func compactAndDamagedStores() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.seed()
        let compacted = try cli("inventory", "compact")
        #expect(
            compacted.status == 0
                && compacted.standardOutput == "compacted: the snapshot holds every record through 6\n")
        // A torn last record: a warning on standard error, the command still works.
        let journal = cli.state + "/inventory/journal.jsonl"
        #expect(try cli("inventory", "wear", "i-2", "--date", "2026-11-22").status == 0)
        overwrite(journal, Data((contents(journal)! + Array(#"{"seq":8,"ki"#.utf8))))
        let listed = try cli("inventory", "list")
        #expect(listed.status == 0)
        #expect(listed.standardError.contains("closetd: warning: inventory/journal.jsonl:2: last line has no newline"))
        // A store from a newer closetd: refused, exit 65, nothing touched.
        let snapshot = cli.state + "/inventory/snapshot.jsonl"
        let header = SnapshotHeader(schema: 99, through: 0, nextItem: 1, created: Timestamp(secondsSince1970: 0))
        overwrite(snapshot, Data(RecordLine.encode(sequence: nil, kind: "snapshot", data: header.data)))
        let refused = try cli("inventory", "list")
        #expect(refused.status == 65)
        #expect(refused.standardError.contains("schema version 99, newer than this closetd supports (1)"))
        // A state folder that cannot be created: an I/O error.
        let blocked = try run(
            cli.binary, ["inventory", "list", "--config", cli.config, "--state", cli.config + "/state"])
        #expect(blocked.status == 74)
        #expect(blocked.standardError.contains("mkdir"))
    }
}
