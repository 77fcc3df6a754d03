import ArgumentParser
import Camera
import Daemon
import Foundation
import Inventory
import InventoryStore
import Logging
import Perception

/// `closetd ingest PATH…`: the perception pipeline over photos — full-body photos of the person, or photos of single
/// garments laid flat or hung — adding items to the closet (and wears with `--worn-on`).
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Add the garments in photos (JPEG files or folders of them) to the closet.",
        discussion: """
            A photo of a whole person facing the camera adds (or recognises) each garment they wear; a photo \
            without a person is taken as one garment laid flat or hung. With --worn-on, the garments are logged as \
            worn on that date. A progress bar shows on a terminal; a summary is printed at the end.
            Exit status: 0 done; 64 bad usage; 65 some photos could not be used (the others were ingested); \
            66 a path does not exist (nothing was changed); 69 the models cannot be loaded; 74 the store cannot be written.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "JPEG photos, or folders whose .jpg/.jpeg files are taken (in name order).") var paths: [String] = []
    @Option(name: .customLong("worn-on"), help: "Log the garments as worn on this date (YYYY-MM-DD).") var wornOn: String?
    @Option(help: "The folder with the models and manifest.json (overrides models_dir).") var models: String?

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one photo or folder") }
        if let wornOn, CalendarDate(wornOn) == nil {
            throw ValidationError("--worn-on: \"\(wornOn)\" is not a YYYY-MM-DD date")
        }
    }

    func run() throws {
        let config = try global.loadConfig()
        let date = wornOn.flatMap(CalendarDate.init)
        let photos = try Self.photoFiles(paths)
        let loaded: PerceptionModels
        do {
            loaded = try PerceptionModels(folder: models ?? config.modelsDirectory)
        } catch {
            printError("closetd: cannot load the perception models: \(error)")
            throw ExitCode(69)
        }
        var settings = config.perception.settings
        // One photo is one look: the session minimums of the camera do not apply.
        settings.session.minimumWholePersonFrames = 1
        settings.session.minimumStillFrames = 1
        settings.session.minimumGarmentFrames = 1
        settings.session.minimumGarmentShare = 0
        let pipeline = PerceptionPipeline(models: loaded, settings: settings)
        var summary = IngestSummary()
        try InventoryCLI.withStore(global) { store in
            // Its line goes to standard error, beside the progress bar, not into the summary on standard output.
            EmbeddingRefresh.run(
                store: store, models: loaded, logger: Logger(label: "closetd.ingest", factory: { StreamLogHandler.standardError(label: $0) }))
            let recorder = OutfitRecorder(store: store, settings: settings, source: .ingest, embeddingSpace: loaded.embeddingSpace)
            let progress = ProgressBar(total: photos.count)
            var worn: [ItemID] = []
            for (index, path) in photos.enumerated() {
                progress.show(done: index, current: path)
                guard let data = FileManager.default.contents(atPath: path) else {
                    summary.fail(path, "cannot be read", progress: progress)
                    continue
                }
                let image: Image
                do {
                    image = try pipeline.decode(jpeg: [UInt8](data))
                } catch {
                    summary.fail(path, "\(error)", progress: progress)
                    continue
                }
                let analysis = pipeline.analyse(image, timestampSeconds: Double(index))
                var garments = analysis.garments
                if !analysis.verdict.showsGarments {
                    // A garment photo only when no face shows: the whole picture becomes the thumbnail.
                    if let pose = analysis.pose, settings.personCheck.faceVisible(pose) {
                        summary.fail(
                            path, "a person is only partly in the photo (\(analysis.verdict)); use full-body photos",
                            progress: progress)
                        continue
                    }
                    if let garment = pipeline.analyseGarmentPhoto(image) { garments = [garment] }
                }
                if garments.isEmpty {
                    summary.fail(path, "no garment found", progress: progress)
                    continue
                }
                let now = LocalClock.now()
                // Unique per photo: the thumbnail names derive from the session start.
                let session = MirrorSession.photo(
                    timestampSeconds: Double(now.secondsSince1970) + Double(index) / 1000, garments: garments)
                let outcome = try recorder.record(session, date: date ?? LocalClock.today(), time: now, logWear: false)
                if let reason = outcome.skipped {
                    summary.fail(path, reason, progress: progress)
                    continue
                }
                summary.photos += 1
                summary.created += outcome.created.count
                summary.recognised += outcome.items.count - outcome.created.count
                summary.candidates += outcome.candidates
                for id in outcome.items where !worn.contains(id) { worn.append(id) }
            }
            progress.finish()
            if let date, !worn.isEmpty {
                let entry = try store.logWear(worn, on: date, source: .ingest)
                summary.wornLogged = entry?.items.count ?? 0
            }
        }
        print(
            "ingested \(summary.photos) of \(photos.count) photos: \(summary.created) items added, "
                + "\(summary.recognised) recognised, \(summary.candidates) merge candidates"
                + (date.map { ", \(summary.wornLogged) items logged as worn on \($0)" } ?? "")
                + (summary.failed.isEmpty ? "" : ", \(summary.failed.count) skipped"))
        if !summary.failed.isEmpty { throw ExitCode(65) }
    }

    /// The photo files of the arguments: files as given, folders' JPEGs in name order. A missing path stops
    /// everything before anything changes.
    static func photoFiles(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                printError("closetd: \(path): no such file or folder (nothing was ingested)")
                throw ExitCode(66)
            }
            if isFolder.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                let jpegs = names.filter { $0.lowercased().hasSuffix(".jpg") || $0.lowercased().hasSuffix(".jpeg") }.sorted()
                if jpegs.isEmpty { printError("closetd: warning: \(path) holds no .jpg or .jpeg file") }
                files += jpegs.map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        return files
    }
}

/// Counts for the summary line of `closetd ingest`.
struct IngestSummary {
    var photos = 0, created = 0, recognised = 0, candidates = 0, wornLogged = 0
    var failed: [String] = []

    mutating func fail(_ path: String, _ reason: String, progress: ProgressBar) {
        failed.append(path)
        progress.clearLine()
        printError("closetd: \(path): skipped: \(reason)")
    }
}
