import Camera
import Foundation
import Inventory
import InventoryStore
import Perception

/// Turns a finished mirror session into inventory changes: each garment of the outfit matched to an item or added
/// as a new one (with a head-free thumbnail), the wear logged (at most once per item and date: the store merges
/// sessions of a day), sightings recorded. Ambiguous matches and possible duplicates go to
/// `<state>/perception/candidates.jsonl` for the person to settle with `closetd inventory merge`; where each
/// thumbnail came from (frame time and crop box, no pixels) goes to `<state>/perception/thumbnails.jsonl`.
public final class OutfitRecorder {
    /// What a session changed.
    public struct Outcome: Sendable, Equatable {
        public var date: CalendarDate
        /// Items of the outfit (matched or new), in coarse class order.
        public var items: [ItemID] = []
        /// Items created by this session.
        public var created: [ItemID] = []
        /// Items of earlier sessions today folded into this session's one-piece (`foldSeparates`).
        public var folded: [ItemID] = []
        /// Ambiguous matches and possible duplicates written to candidates.jsonl.
        public var candidates = 0
        /// Whether a wear entry was written (false when every item was already logged that date).
        public var wearLogged = false
        /// Why nothing was recorded, when nothing was.
        public var skipped: String?
        /// One line per garment of the outfit: what the session saw and what the matcher decided, with scores
        /// (logged at debug level, to tell why an item was split or two were merged).
        public var decisions: [String] = []
    }

    private let store: InventoryStore
    public var settings: PerceptionSettings
    private let source: WearSource
    private let folder: String
    private let encoder = JPEGEncoder(quality: 85)
    /// The garment model the sessions' embeddings come from (`PerceptionModels.embeddingSpace`).
    private let embeddingSpace: String?

    /// A recorder writing to `store`; `source` marks its wear entries; `embeddingSpace` names the garment model whose
    /// embeddings the sessions carry (items hold it with theirs; nil when it is not known).
    public init(store: InventoryStore, settings: PerceptionSettings, source: WearSource, embeddingSpace: String?) {
        self.store = store
        self.settings = settings
        self.source = source
        self.embeddingSpace = embeddingSpace
        folder = store.paths.stateDirectory + "/perception"
    }

    /// Records `session`, whose wear date is `date` and time `time`; `logWear` false only adds and matches items.
    public func record(_ session: MirrorSession, date: CalendarDate, time: Timestamp, logWear: Bool = true) throws
        -> Outcome
    {
        var outcome = Outcome(date: date)
        guard session.isConclusive(settings.session) else {
            let needed = settings.session
            outcome.skipped =
                session.garmentFrames < needed.minimumWholePersonFrames
                ? "inconclusive session: \(session.garmentFrames) of \(needed.minimumWholePersonFrames) whole-person or close-up frames needed"
                : "someone walking past: \(session.stillFrames) of \(needed.minimumStillFrames) whole-person or close-up frames standing still needed"
            return outcome
        }
        try store.refresh()
        var items = store.state.sortedItems(includeArchived: false)
        let today = items.filter { self.store.state.isWorn($0.id, on: date) }
        let wornToday = Set(today.map(\.id))
        let sameDay = logWear ? Set(today.compactMap { CoarseGarmentClass(category: $0.category) }) : []
        var outfit = session.outfit(settings.session, sameDay: sameDay)
        guard !outfit.isEmpty else {
            outcome.skipped = "no garment seen often enough"
            return outcome
        }
        let matcher = ClosetMatcher(settings: settings.match, embeddingSpace: embeddingSpace)
        // A one-piece logged earlier today, no separates, and now no one-piece but a top or a bottom of its colour:
        // the detector saw the jumpsuit or dress as separates this time. It is logged already; a new item would be a
        // duplicate.
        let dayOnePieces =
            sameDay.contains(.onePiece) && sameDay.isDisjoint(with: [.top, .bottom])
                && !outfit.contains { $0.coarseClass == .onePiece }
            ? today.filter { CoarseGarmentClass(category: $0.category) == .onePiece } : []
        outfit.removeAll { garment in
            guard garment.coarseClass == .top || garment.coarseClass == .bottom, let measured = garment.measuredColour,
                let onePiece = dayOnePieces.first(where: { item in
                    item.measuredColour.map { measured.distance(to: $0) < settings.session.onePieceColourDistance } ?? false
                })
            else { return false }
            outcome.decisions.append(Self.describe(garment, nil) + " → part of \(onePiece.id), worn today")
            return true
        }
        guard !outfit.isEmpty else {
            outcome.skipped = "only the one-piece worn today, seen as separates"
            return outcome
        }
        // A one-piece of the outerwear's colour: a closed coat read twice (a dress or jumpsuit under outerwear is
        // measured below the outerwear's hem, where it shows, so its own colour differs unless nothing shows).
        if let coat = outfit.first(where: { $0.coarseClass == .outerwear })?.measuredColour {
            outfit.removeAll { garment in
                guard garment.coarseClass == .onePiece, let measured = garment.measuredColour,
                    measured.distance(to: coat) < settings.session.closedOuterwearColourDistance
                else { return false }
                outcome.decisions.append(Self.describe(garment, nil) + " → the outerwear, closed")
                return true
            }
        }
        // Trousers or a jumpsuit logged earlier today and not seen now (a long coat hides them): their hems can
        // still fill the shoe crop, and nothing in this session's frames tells the shoe colour from them (when the
        // trousers are seen, the pair's colour sampling sets their hems aside frame by frame).
        let hemsSeen = outfit.contains { PerceptionPipeline.reachesTheShoes($0.category) }
        let hems =
            hemsSeen ? [] : today.filter { PerceptionPipeline.reachesTheShoes($0.category) }.compactMap(\.measuredColour)
        for garment in outfit {
            let embedding = garment.embedding
            // Shoes under long trousers or a jumpsuit (seen now, or logged earlier today) show a sliver below the
            // hems: their colour may be the hems' or a blend, not reliable enough to tell two pairs apart.
            let underHems = garment.coarseClass == .shoes && (hemsSeen || !hems.isEmpty)
            let decision = matcher.decide(
                category: garment.category, colour: garment.colour, measured: garment.measuredColour,
                reliable: garment.colourSettled && garment.colourAgreement >= settings.match.minimumColourAgreement
                    && !underHems,
                embedding: embedding, items: items,
                excluded: Set(outcome.items), wornToday: wornToday)
            outcome.decisions.append(Self.describe(garment, decision))
            switch decision {
            case .matched(let id, _), .ambiguous(let id, _, _):
                outcome.items.append(id)
                try remember(embedding, of: id, at: time)
                if case .ambiguous(_, let score, let alternatives) = decision {
                    try appendCandidate(
                        kind: "ambiguous", item: id, others: alternatives, score: score, date: date, time: time)
                    outcome.candidates += 1
                }
            case .new(let nearest, let score):
                if let reason = reasonNotToAdd(garment, hems: hems) {
                    outcome.decisions[outcome.decisions.count - 1] += ", not added: \(reason)"
                    continue
                }
                guard let sharpest = garment.sharpest else { continue }  // reasonNotToAdd said why not
                let name = "t\(Int64((session.startSeconds * 1000).rounded()))-\(garment.coarseClass.name).jpg"
                try store.saveThumbnail(try encoder.encode(sharpest.thumbnail), named: name)
                let item = try store.addItem(category: garment.category, colour: garment.colour, firstSeen: time) {
                    $0.measuredColour = garment.measuredColour
                    $0.embeddings = [embedding.values]
                    $0.embeddingModel = embeddingSpace
                    $0.thumbnail = name
                    $0.lastSeen = time
                }
                items.append(item)
                outcome.items.append(item.id)
                outcome.created.append(item.id)
                try appendLine(
                    "thumbnails.jsonl",
                    [
                        "thumbnail": name, "item": item.id.description, "frame_time": sharpest.timestampSeconds,
                        "box": [sharpest.box.x0, sharpest.box.y0, sharpest.box.x1, sharpest.box.y1],
                    ])
                if let nearest, let score {
                    try appendCandidate(kind: "possible-duplicate", item: item.id, others: [nearest], score: score, date: date, time: time)
                    outcome.candidates += 1
                }
            }
        }
        guard !outcome.items.isEmpty else {
            outcome.skipped = "every garment was unknown and could not be added"
            return outcome
        }
        if logWear {
            outcome.wearLogged = try store.logWear(outcome.items, on: date, source: source) != nil
            try foldSeparates(into: outfit, today: today, time: time, outcome: &outcome)
        }
        return outcome
    }

    /// The reverse of the one-piece rule above: a session that sees a jumpsuit or dress and no separates, after
    /// earlier sessions of the day logged a top or bottom of its colour that the camera had never seen before
    /// today. Those separates were this one-piece seen in parts (on close-ups, or under a jacket, the detector
    /// often takes it for a top and trousers): each is folded into the one-piece's item (`mergeItems`, a record of the
    /// journal; the worn event and the log name them), so that the closet does not keep a top that is not there.
    private func foldSeparates(
        into outfit: [PooledGarment], today: [ClosetItem], time: Timestamp, outcome: inout Outcome
    ) throws {
        guard !outfit.contains(where: { $0.coarseClass == .top || $0.coarseClass == .bottom }),
            let measured = outfit.first(where: { $0.coarseClass == .onePiece })?.measuredColour,
            let onePiece = outcome.items.first(where: { id in
                store.state.item(id).flatMap { CoarseGarmentClass(category: $0.category) } == .onePiece
            })
        else { return }
        let dayBefore = Timestamp(secondsSince1970: time.secondsSince1970 - 86_400)
        for item in today where item.id != onePiece {
            guard let coarse = CoarseGarmentClass(category: item.category), coarse == .top || coarse == .bottom,
                item.firstSeen > dayBefore, store.state.item(item.id)?.wornDates == [outcome.date],
                let colour = item.measuredColour, measured.distance(to: colour) < settings.session.onePieceColourDistance
            else { continue }
            try store.mergeItems(into: onePiece, from: item.id)
            outcome.folded.append(item.id)
            outcome.decisions.append(
                "\(item.id) (\(item.category.rawValue)/\(item.colour.rawValue), first seen today) → folded into \(onePiece),"
                    + " the one-piece seen in parts")
        }
    }

    /// Why a garment the closet does not hold may not become an item, or nil when it may. `hems`: the colours of
    /// trousers or a jumpsuit logged today that this session does not see.
    private func reasonNotToAdd(_ garment: PooledGarment, hems: [MeasuredColour]) -> String? {
        // Every crop came from a frame whose pose was not trusted to keep the head out.
        if garment.sharpest == nil { return "no crop that may be kept" }
        if MirrorSession.isBlurred(garment, settings.session) { return "blurred" }
        if garment.coarseClass == .shoes, let measured = garment.measuredColour,
            hems.contains(where: {
                measured.distance(to: $0, lightnessWeight: settings.match.shoeLightnessWeight)
                    < settings.session.hemColourDistance
            })
        {
            return "the colour of today's hems"
        }
        return nil
    }

    /// "shoes: shoes/pink #d5a4b5, class 0.990 (coarse 0.990), 9 frames → i-0007 (0.812)": the pooled garment (its
    /// category's and its coarse class's mean probability) and the matcher's decision.
    static func describe(_ garment: PooledGarment, _ decision: ClosetMatcher.Decision?) -> String {
        func score(_ value: Double) -> String { String(format: "%.3f", value) }
        let seen =
            "\(garment.coarseClass.name): \(garment.category.rawValue)/\(garment.colour.rawValue)"
            + (garment.measuredColour.map { " \($0)" } ?? "") + (garment.colourSettled ? "" : " (colour not settled)")
            + ", class \(score(garment.categoryConfidence)) (coarse \(score(garment.classConfidence))), \(garment.frames) frames"
        switch decision {
        case nil: return seen
        case .matched(let id, let s): return "\(seen) → \(id) (\(score(s)))"
        case .ambiguous(let id, let s, let others):
            return "\(seen) → \(id) (\(score(s))), ambiguous with \(others.map(\.description).joined(separator: " "))"
        case .new(let nearest, let s):
            return "\(seen) → new" + (nearest.map { " (nearest \($0), \(score(s ?? 0)))" } ?? "")
        }
    }

    /// Adds a view to a matched item when it differs from the stored ones (replaces them when they are another
    /// model's: a pair of shoes matched by colour); moves `lastSeen` on.
    private func remember(_ embedding: GarmentEmbedding, of id: ItemID, at time: Timestamp) throws {
        guard let item = store.state.item(id) else { return }
        let stale = embeddingSpace != nil && item.embeddingModel != embeddingSpace
        let nearest = stale ? -1 : item.embeddings.map { GarmentEmbedding.cosine($0, embedding.values) }.max() ?? -1
        if nearest < 0.95 {
            try store.updateItem(id) {
                if stale {
                    $0.embeddings = []
                    $0.embeddingModel = embeddingSpace
                }
                $0.embeddings.append(embedding.values)
                if $0.embeddings.count > ClosetItem.maximumEmbeddings {
                    $0.embeddings.removeFirst($0.embeddings.count - ClosetItem.maximumEmbeddings)
                }
            }
        }
        try store.recordSighting(id, at: time)
    }

    private func appendCandidate(
        kind: String, item: ItemID, others: [ItemID], score: Double, date: CalendarDate, time: Timestamp
    ) throws {
        try appendLine(
            "candidates.jsonl",
            [
                "kind": kind, "item": item.description, "candidates": others.map(\.description),
                "score": (score * 1000).rounded() / 1000, "date": date.description, "time": time.description,
            ])
    }

    /// Appends `object` as a JSON line to `file` of the perception folder, made (when missing) with the inventory's
    /// modes, 0750 and 0640 (the umask can only narrow them): nothing of the closet is for other users to read.
    private func appendLine(_ file: String, _ object: [String: Any]) throws {
        try FileIO.makeDirectories(folder)
        var data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        data.append(0x0A)
        try FileIO.append(folder + "/" + file, bytes: [UInt8](data))
    }
}
