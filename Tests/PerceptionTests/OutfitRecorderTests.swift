import Camera
import Daemon
import Foundation
import Inventory
import InventoryStore
import Testing
import TestSupport

@testable import Perception

@Suite struct OutfitRecorderTests {
    let settings = PerceptionSettings()

    /// A conclusive session wearing these garments (seen in every one of 6 frames).
    func session(start: Double, _ garments: [GarmentObservation], wholeFrames: Int = 6) -> MirrorSession {
        var tracker = MirrorSessionTracker(settings: settings.session)
        for i in 0..<wholeFrames { _ = tracker.add(Synthetic.frame(start + Double(i) * 0.5, .wholePerson, garments)) }
        return tracker.finish()!
    }

    func day(_ text: String) -> CalendarDate { CalendarDate(text)! }

    /// `recorder` records a conclusive session of `garments` that starts at `seconds` (its time) on `date`.
    func record(
        _ recorder: OutfitRecorder, _ garments: [GarmentObservation], on date: String, at seconds: Int64
    ) throws -> OutfitRecorder.Outcome {
        try recorder.record(
            session(start: Double(seconds), garments), date: day(date), time: Timestamp(secondsSince1970: seconds))
    }

    @Test func sameItemsTwiceADayAreOneWearAndNewItemsGetThumbnails() throws {
        let folder = TestFolder("recorder")
        let store = try InventoryStore(stateDirectory: folder.path)
        let recorder = OutfitRecorder(store: store, settings: settings, source: .camera, embeddingSpace: nil)
        let shirt = Synthetic.observation(.shirts, .blue, axis: 1)
        let jeans = Synthetic.observation(.jeans, .blue, axis: 2)
        let morning = try record(recorder, [shirt, jeans], on: "2026-03-02", at: 1000)
        #expect(morning.created.count == 2 && morning.wearLogged && morning.skipped == nil)

        // A second session the same day, the same garments seen a little differently: matched, no new wear entry.
        let again = try record(
            recorder,
            [
                Synthetic.observation(.shirts, .blue, axis: 1, noise: 0.1),
                Synthetic.observation(.jeans, .blue, axis: 2, noise: 0.1),
            ], on: "2026-03-02", at: 2000)
        #expect(again.created.isEmpty && Set(again.items) == Set(morning.items) && !again.wearLogged)
        // What each garment was seen as and what became of it, for the debug log.
        #expect(morning.decisions.count == 2 && morning.decisions.allSatisfy { $0.hasSuffix("6 frames → new") })
        #expect(morning.decisions[0].hasPrefix("top: shirts/blue #"))
        // The observations' category probability is 0.8 in every frame.
        #expect(morning.decisions[0].contains(", class 0.800 (coarse 0.800), 6 frames"))
        #expect(again.decisions[0].contains("6 frames → \(morning.items[0]) ("))

        // Next day, the jeans again with another shirt.
        let next = try record(
            recorder, [Synthetic.observation(.tshirts, .white, axis: 5), jeans], on: "2026-03-03", at: 90000)
        #expect(next.created.count == 1 && next.wearLogged)

        try store.refresh()
        let state = store.state
        #expect(state.items.count == 3)
        #expect(state.wearLog.filter { $0.date == day("2026-03-02") }.flatMap(\.items).count == 2)
        let jeansID = morning.items[1]
        #expect(state.item(jeansID)?.wornDates == [day("2026-03-02"), day("2026-03-03")])
        for item in state.items.values {
            let name = try #require(item.thumbnail)
            let data = try #require(FileManager.default.contents(atPath: store.paths.thumbnailsDirectory + "/" + name))
            let header = try JPEGDecoder().header([UInt8](data))
            #expect(header.width == 40 && header.height == 50)  // the crop, not a frame
            #expect(item.measuredColour != nil && item.embeddings.count == 1)
        }
        let provenance = try String(contentsOfFile: folder.path + "/perception/thumbnails.jsonl", encoding: .utf8)
        #expect(provenance.split(separator: "\n").count == 3)
        // Like the inventory's files, the perception folder's are not for other users, whatever the umask lets by.
        #expect(folder.openToOthers(["perception", "perception/thumbnails.jsonl"]) == [])
    }

    @Test func aLaterSessionKeepsTheDaysOnePiece() throws {
        let folder = TestFolder("recorder-day")
        let store = try InventoryStore(stateDirectory: folder.path)
        let recorder = OutfitRecorder(store: store, settings: settings, source: .camera, embeddingSpace: nil)
        let blue = (l: 40.0, a: 5.0, b: -35.0)
        let jumpsuit = Synthetic.observation(.jumpsuits, .blue, axis: 1, lab: blue)
        let first = try record(recorder, [jumpsuit], on: "2026-03-11", at: 1000)
        #expect(first.created.count == 1)
        // Later that morning, an open jacket over it: strip and legs in every frame, the jumpsuit in half of them.
        var tracker = MirrorSessionTracker(settings: settings.session)
        for i in 0..<8 {
            var garments = [
                Synthetic.observation(.jackets, .black, axis: 3, lab: (15, 0, 0)),
                Synthetic.observation(.shirts, .blue, axis: 4, lab: blue), Synthetic.observation(.jeans, .blue, axis: 5, lab: blue),
            ]
            if i % 2 == 0 { garments.append(Synthetic.observation(.jumpsuits, .blue, axis: 1, noise: 0.1, lab: blue)) }
            _ = tracker.add(Synthetic.frame(2000 + Double(i) * 0.5, .wholePerson, garments))
        }
        let later = try recorder.record(tracker.finish()!, date: day("2026-03-11"), time: Timestamp(secondsSince1970: 2000))
        #expect(later.items.count == 2 && later.items.contains(first.items[0]), "the jumpsuit and the jacket")
        #expect(later.created.count == 1)
        try store.refresh()
        #expect(store.state.items.count == 2)
    }

    /// Scenario 7373: a brown jumpsuit logged in the morning's first session, then two sessions that saw only
    /// "brown pants" made two new items.
    @Test func separatesOfTheDaysOnePieceColourAreThatOnePiece() throws {
        let folder = TestFolder("recorder-parts")
        let store = try InventoryStore(stateDirectory: folder.path)
        let recorder = OutfitRecorder(store: store, settings: settings, source: .camera, embeddingSpace: nil)
        let brown = (l: 40.0, a: 10.0, b: 25.0)
        let jumpsuit = Synthetic.observation(.jumpsuits, .brown, axis: 1, lab: brown)
        let first = try record(recorder, [jumpsuit], on: "2026-03-04", at: 1000)
        #expect(first.created.count == 1)
        // Legs of the same brown (ΔE 5) under a coat: the jumpsuit again, nothing new; the coat is new.
        let later = try record(
            recorder,
            [
                Synthetic.observation(.pants, .brown, axis: 5, lab: (43, 12, 21)),
                Synthetic.observation(.coats, .purple, axis: 6),
            ], on: "2026-03-04", at: 2000)
        #expect(later.created.count == 1 && later.items.count == 1)
        #expect(later.decisions.contains { $0.hasPrefix("bottom: pants/brown") && $0.hasSuffix("→ part of \(first.items[0]), worn today") })
        // Only the legs: nothing to record.
        let legs = try record(
            recorder, [Synthetic.observation(.pants, .brown, axis: 5, lab: (43, 12, 21))], on: "2026-03-04", at: 3000)
        #expect(legs.items.isEmpty && legs.skipped == "only the one-piece worn today, seen as separates")
        // Trousers of another colour (ΔE 40) are another garment; on another day, brown pants are trousers too.
        let blue = try record(
            recorder, [Synthetic.observation(.pants, .blue, axis: 7, lab: (40, 0, -15))], on: "2026-03-04", at: 4000)
        #expect(blue.created.count == 1)
        let nextDay = try record(
            recorder, [Synthetic.observation(.pants, .brown, axis: 5, lab: (43, 12, 21))], on: "2026-03-05", at: 90_000)
        #expect(nextDay.created.count == 1)
    }

    /// Scenarios 4242 and 2468: a close-up session took a blue jumpsuit for a top (and trousers); a later session
    /// that day saw the jumpsuit whole. The separates first seen today fold into the jumpsuit's item.
    @Test func separatesOfTheDayFoldIntoTheOnePieceSeenLater() throws {
        let folder = TestFolder("recorder-fold")
        let store = try InventoryStore(stateDirectory: folder.path)
        let recorder = OutfitRecorder(store: store, settings: settings, source: .camera, embeddingSpace: nil)
        let blue = (l: 50.0, a: 5.0, b: -40.0)
        // A blue top worn the day before, and worn again today: not the jumpsuit, though of its colour.
        let old = try record(recorder, [Synthetic.observation(.tops, .blue, axis: 9, lab: (52, 5, -38))], on: "2026-03-01", at: 500)
        let morning = try record(
            recorder,
            [
                Synthetic.observation(.tops, .blue, axis: 3, lab: (51, 6, -41)),
                Synthetic.observation(.pants, .blue, axis: 4, lab: (49, 3, -37)),
            ], on: "2026-03-02", at: 90_000)
        #expect(morning.created.count == 2)
        _ = try record(recorder, [Synthetic.observation(.tops, .blue, axis: 9, lab: (52, 5, -38))], on: "2026-03-02", at: 90_500)
        // A red skirt of the morning is not of the jumpsuit's colour.
        let skirt = try record(recorder, [Synthetic.observation(.skirts, .red, axis: 5, lab: (45, 60, 35))], on: "2026-03-02", at: 90_800)
        let later = try record(recorder, [Synthetic.observation(.jumpsuits, .blue, axis: 1, lab: blue)], on: "2026-03-02", at: 91_000)
        #expect(later.created.count == 1)
        #expect(Set(later.folded) == Set(morning.created))
        #expect(later.decisions.contains { $0.hasSuffix("folded into \(later.created[0]), the one-piece seen in parts") })
        try store.refresh()
        let state = store.state
        #expect(state.item(later.created[0])?.wornDates == [day("2026-03-02")])
        for id in morning.created { #expect(state.resolve(id) == later.created[0]) }
        #expect(state.item(old.created[0])?.wornDates == [day("2026-03-01"), day("2026-03-02")])
        #expect(state.item(skirt.created[0]) != nil)
        #expect(state.sortedItems(includeArchived: false).count == 3)
        // A session that sees the one-piece with separates folds nothing.
        let both = try record(
            recorder,
            [
                Synthetic.observation(.jumpsuits, .blue, axis: 1, lab: blue),
                Synthetic.observation(.tops, .blue, axis: 6, lab: (51, 6, -41)),
            ], on: "2026-03-03", at: 180_000)
        #expect(both.folded.isEmpty)
    }

    /// Shoes under long trousers are matched more loosely than shoes seen clearly: their colour may be a blend with
    /// the hems. A reading 17.7 from the brown pair (lightness weighted ½) is that pair under grey jeans, and a new
    /// pair (a merge candidate of it) under a skirt. The same holds when the jeans were logged earlier that day and a
    /// long coat hides them now.
    @Test func shoesUnderLongTrousersMatchMoreLooselyThanShoesSeenClearly() throws {
        let folder = TestFolder("recorder-shoe-scale")
        let store = try InventoryStore(stateDirectory: folder.path)
        let recorder = OutfitRecorder(store: store, settings: settings, source: .camera, embeddingSpace: nil)
        let brown = (l: 30.0, a: 14.0, b: 34.0), reading = (l: 32.0, a: 19.0, b: 17.0)
        let first = try record(
            recorder,
            [Synthetic.observation(.skirts, .red, axis: 1, lab: (45, 60, 35)), Synthetic.observation(.shoes, .brown, axis: 2, lab: brown)],
            on: "2026-03-02", at: 1000)
        #expect(first.created.count == 2)
        let pair = first.items[1]
        let jeans = Synthetic.observation(.jeans, .grey, axis: 3, lab: (55, 0, 0))
        let underJeans = try record(
            recorder, [jeans, Synthetic.observation(.shoes, .brown, axis: 2, lab: reading)], on: "2026-03-03", at: 90_000)
        #expect(underJeans.items.contains(pair) && underJeans.created.count == 1, "\(underJeans.decisions)")
        let coat = Synthetic.observation(.coats, .blue, axis: 4, lab: (40, 10, -40))
        let underCoat = try record(
            recorder, [coat, Synthetic.observation(.shoes, .brown, axis: 2, lab: reading)], on: "2026-03-03", at: 91_000)
        #expect(underCoat.items.contains(pair), "\(underCoat.decisions)")
        let clear = try record(
            recorder,
            [Synthetic.observation(.skirts, .red, axis: 1, lab: (45, 60, 35)), Synthetic.observation(.shoes, .brown, axis: 2, lab: reading)],
            on: "2026-03-04", at: 180_000)
        #expect(!clear.items.contains(pair) && clear.created.count == 1, "\(clear.decisions)")
        #expect(clear.decisions.contains { $0.hasPrefix("shoes: shoes/brown") && $0.contains("→ new (nearest \(pair)") })
    }

    /// Orange trousers in the morning; later, under a long coat that hides the trousers, the shoe crop reads their
    /// hems' orange: no new pair. Shoes of another colour than the hems are a new pair; so are shoes of the trousers'
    /// colour in a session that sees the trousers, and orange shoes on a day without orange trousers.
    @Test func shoesOfTheColourOfTodaysHemsAreNotANewPair() throws {
        let folder = TestFolder("recorder-hems")
        let store = try InventoryStore(stateDirectory: folder.path)
        let recorder = OutfitRecorder(store: store, settings: settings, source: .camera, embeddingSpace: nil)
        let orange = (l: 48.0, a: 31.0, b: 45.0)
        let green = (l: 45.0, a: -30.0, b: 15.0)
        let morning = try record(
            recorder,
            [
                Synthetic.observation(.pants, .orange, axis: 1, lab: orange),
                Synthetic.observation(.shoes, .green, axis: 2, lab: green),
            ], on: "2026-03-09", at: 1000)
        #expect(morning.created.count == 2)
        // ΔE 3.4 from the trousers (lightness weighted ½).
        let hems = Synthetic.observation(.shoes, .orange, axis: 2, lab: (45, 30, 44))
        let later = try record(
            recorder, [Synthetic.observation(.coats, .blue, axis: 3), hems], on: "2026-03-09", at: 2000)
        #expect(later.created.count == 1 && later.items.count == 1)
        #expect(later.decisions.contains { $0.hasPrefix("shoes: shoes/orange") && $0.hasSuffix("not added: the colour of today's hems") })
        // Trousers seen in the same session: the pair's own sampling set their hems aside, so white shoes under
        // white jeans are a pair.
        let same = try record(
            recorder,
            [
                Synthetic.observation(.jeans, .white, axis: 4, lab: (90, 0, 2)),
                Synthetic.observation(.shoes, .white, axis: 2, lab: (88, 1, 3)),
            ], on: "2026-03-10", at: 3000)
        #expect(same.created.count == 2)
        // Another day: the orange trousers, then under the coat shoes of another colour than the hems, a new pair.
        _ = try record(
            recorder, [Synthetic.observation(.pants, .orange, axis: 1, lab: orange)], on: "2026-03-12", at: 180_000)
        let other = try record(
            recorder,
            [
                Synthetic.observation(.coats, .blue, axis: 3),
                Synthetic.observation(.shoes, .black, axis: 2, lab: (15, 0, 0)),
            ], on: "2026-03-12", at: 181_000)
        #expect(other.created.count == 1 && other.decisions[1].hasSuffix("→ new"))
        let nextDay = try record(recorder, [hems], on: "2026-03-11", at: 90_000)
        #expect(nextDay.created.count == 1)
    }

    /// A closed coat read as outerwear and as a one-piece of the same colour is one garment: the coat. A dress of
    /// another colour under it (measured below the coat's hem) is a garment of its own.
    @Test func aOnePieceOfTheOuterwearsColourIsAClosedCoat() throws {
        let folder = TestFolder("recorder-coat")
        let store = try InventoryStore(stateDirectory: folder.path)
        let recorder = OutfitRecorder(store: store, settings: settings, source: .camera, embeddingSpace: nil)
        let camel = (l: 55.0, a: 12.0, b: 30.0)
        let closed = try record(
            recorder,
            [
                Synthetic.observation(.coats, .brown, axis: 1, lab: camel),
                Synthetic.observation(.dresses, .brown, axis: 2, lab: (56, 13, 28)),
            ], on: "2026-03-08", at: 1000)
        #expect(closed.created.count == 1 && closed.items.count == 1)
        #expect(closed.decisions.contains { $0.hasPrefix("one-piece: dresses/brown") && $0.hasSuffix("→ the outerwear, closed") })
        let open = try record(
            recorder,
            [
                Synthetic.observation(.coats, .brown, axis: 1, lab: camel),
                Synthetic.observation(.dresses, .grey, axis: 2, lab: (60, 0, 2)),
            ], on: "2026-03-09", at: 90_000)
        #expect(open.items.count == 2 && open.items.contains(closed.items[0]) && open.created.count == 1)
        try store.refresh()
        #expect(Set(store.state.items.values.map(\.category)) == [.coats, .dresses])
    }

    @Test func shortSessionsAndBlurredUnknownGarmentsCreateNothing() throws {
        let folder = TestFolder("recorder")
        let store = try InventoryStore(stateDirectory: folder.path)
        let recorder = OutfitRecorder(store: store, settings: settings, source: .camera, embeddingSpace: nil)
        let shirt = Synthetic.observation(.shirts, .blue, axis: 1)
        let short = try recorder.record(session(start: 0, [shirt], wholeFrames: 2), date: day("2026-03-02"), time: Timestamp(secondsSince1970: 0))
        #expect(short.skipped != nil && short.items.isEmpty)
        let blurred = try record(
            recorder, [Synthetic.observation(.shirts, .blue, axis: 1, sharpness: 3)], on: "2026-03-02", at: 100)
        #expect(blurred.created.isEmpty && blurred.skipped != nil)
        #expect(blurred.decisions == [blurred.decisions[0]] && blurred.decisions[0].hasSuffix("→ new, not added: blurred"))
        try store.refresh()
        #expect(store.state.items.isEmpty && store.state.wearLog.isEmpty)

        // Once the item is known, a blurred view of it still counts as a wear.
        _ = try record(recorder, [shirt], on: "2026-03-02", at: 200)
        let known = try record(
            recorder, [Synthetic.observation(.shirts, .blue, axis: 1, sharpness: 3)], on: "2026-03-04", at: 300)
        #expect(known.items.count == 1 && known.created.isEmpty && known.wearLogged)
    }

    /// Jeans seen only while the person walked up (the session's first frame and moving ones) have no crop that may
    /// be kept: they create no item, and the decision says why; the shirt, seen standing still, does.
    @Test func aGarmentSeenOnlyWhileMovingCreatesNoItem() throws {
        let folder = TestFolder("recorder")
        let store = try InventoryStore(stateDirectory: folder.path)
        let recorder = OutfitRecorder(store: store, settings: settings, source: .camera, embeddingSpace: nil)
        let shirt = Synthetic.observation(.shirts, .blue, axis: 1)
        let jeans = Synthetic.observation(.jeans, .blue, axis: 2)
        var tracker = MirrorSessionTracker(settings: settings.session)
        for (i, x) in [50.0, 250, 450, 452, 454, 456].enumerated() {
            _ = tracker.add(
                FrameAnalysis(
                    timestampSeconds: Double(i) * 0.5, verdict: .wholePerson, pose: Synthetic.pose(x: x),
                    garments: i < 3 ? [shirt, jeans] : [shirt]))
        }
        let outcome = try recorder.record(tracker.finish()!, date: day("2026-03-02"), time: Timestamp(secondsSince1970: 0))
        #expect(outcome.created.count == 1 && outcome.wearLogged)
        #expect(outcome.decisions.count == 2 && outcome.decisions[1].hasPrefix("bottom: jeans/blue"))
        #expect(outcome.decisions[1].hasSuffix("→ new, not added: no crop that may be kept"))
        try store.refresh()
        #expect(store.state.items.values.map(\.category) == [.shirts])
    }

    /// Trousers, and not a coat: a coat of an item's category and colour is that item whatever its embedding.
    @Test func doubtfulMatchesAreKeptAsMergeCandidates() throws {
        /// In a new closet: `category` seen on 2026-03-02, then a view of cosine ≈ 0.64 to it on `date` at `seconds`.
        func secondLook(_ category: GarmentCategory, on date: String, at seconds: Int64) throws
            -> (outcome: OutfitRecorder.Outcome, folder: TestFolder)
        {
            let folder = TestFolder("recorder")
            let recorder = OutfitRecorder(
                store: try InventoryStore(stateDirectory: folder.path), settings: settings, source: .camera, embeddingSpace: nil)
            _ = try record(recorder, [Synthetic.observation(category, .grey, axis: 1)], on: "2026-03-02", at: 0)
            let outcome = try record(
                recorder, [Synthetic.observation(category, .grey, axis: 1, noise: 1.2)], on: date, at: seconds)
            return (outcome, folder)
        }
        // Another day: a new item, and a candidate pair.
        let (doubtful, folder) = try secondLook(.pants, on: "2026-03-03", at: 90_000)
        #expect(doubtful.created.count == 1 && doubtful.candidates == 1)
        let lines = try String(contentsOfFile: folder.path + "/perception/candidates.jsonl", encoding: .utf8)
        #expect(lines.contains("\"kind\":\"possible-duplicate\"") && lines.contains("i-0001") && lines.contains("i-0002"))
        // The morning the trousers were first seen: the same-day bonus (0.2) makes them those.
        let sameDay = try secondLook(.pants, on: "2026-03-02", at: 500).outcome
        #expect(sameDay.created.isEmpty && sameDay.items == [ItemID(number: 1)])
        let coat = try secondLook(.coats, on: "2026-03-03", at: 90_000).outcome
        #expect(coat.created.isEmpty && coat.items == [ItemID(number: 1)] && coat.candidates == 0)
    }

    /// A coat of the kind and colour name of one in the closet, its measured colour ΔE 23 darker: a second coat when
    /// the session's frames agree on the colour, the same coat when they disagree (a pattern, a coat half open).
    @Test func aFarMeasuredColourMakesANewItemOnlyWhenTheFramesAgreeOnIt() throws {
        let light = Synthetic.observation(.coats, .grey, axis: 1, lab: (61, 0, 0))
        let dark = Synthetic.observation(.coats, .grey, axis: 1, noise: 0.7, lab: (38, 0, 0))  // cosine 0.82
        let white = Synthetic.observation(.coats, .white, axis: 1, noise: 0.7, lab: (90, 0, 0))
        func recorded(_ frames: [GarmentObservation]) throws -> OutfitRecorder.Outcome {
            let folder = TestFolder("recorder")
            let store = try InventoryStore(stateDirectory: folder.path)
            let recorder = OutfitRecorder(store: store, settings: settings, source: .camera, embeddingSpace: nil)
            _ = try record(recorder, [light], on: "2026-03-02", at: 0)
            var tracker = MirrorSessionTracker(settings: settings.session)
            for (i, garment) in frames.enumerated() {
                _ = tracker.add(Synthetic.frame(90_000 + Double(i) * 0.5, .wholePerson, [garment]))
            }
            let finished = tracker.finish()
            return try recorder.record(
                try #require(finished), date: day("2026-03-03"), time: Timestamp(secondsSince1970: 90_000))
        }
        let agreed = try recorded(Array(repeating: dark, count: 6))
        #expect(agreed.created.count == 1)
        // 4 of 6 frames say grey: the measured colour is not trusted, the embedding (0.82) finds the coat.
        let wandering = try recorded([dark, white, dark, dark, white, dark])
        #expect(wandering.created.isEmpty && wandering.items == [ItemID(number: 1)])
    }
}
