import Foundation
import Testing
import TestSupport

/// The end-to-end bar, on a scenario the generator renders with a seed not used in training: a closet of
/// 40 items, 14 mornings, `closetd run --replay` over it with the trained models of models-int8/, scored by
/// tools/perception/score.py (item recall ≥ 0.9, duplicates ≤ 0.1, wear-log accuracy ≥ 0.9, no head in a thumbnail,
/// no frame-sized file in the state folder). Runs only where the trained models and the tools venv exist.
@Suite struct EndToEndScenarioTests {
    static let root = SampleTruth.packageRoot.path
    static let manifest = root + "/models-int8/manifest.json"
    static let python = root + "/.venv/bin/python"
    static let ready = FileManager.default.fileExists(atPath: manifest) && FileManager.default.isExecutableFile(atPath: python)
    /// Not a training seed (the model scripts use their own); `SampleTruth.heldOutScenario` names it too.
    static let seed = "4242"

    func run(_ executable: String, _ arguments: [String], in folder: TestFolder, seconds: Double) throws
        -> (status: Int32?, out: String, err: String)
    {
        let child = try ChildProcess(executable, arguments, logFolder: folder.path)
        let status = child.wait(seconds: seconds)
        if status == nil { child.kill9() }
        return (status, child.standardOutput, child.standardError)
    }

    /// The binary to replay with: $CLOSETD_E2E_BINARY (e.g. a release build: debug-built kernels are about 30 times
    /// slower) or the one beside the tests.
    static var binary: String { ProcessInfo.processInfo.environment["CLOSETD_E2E_BINARY"] ?? closetdExecutable }

    @Test(
        .enabled(if: ready, "needs the trained models (models-int8/manifest.json) and the tools venv (make tools-venv)"))
    func heldOutScenarioMeetsTheBars() throws {
        let folder = TestFolder("e2e")
        // Rendered once per seed and generator version, kept under .build (about 3 minutes on the shared 2-core
        // machine).
        let scenario = SampleTruth.heldOutScenario.path
        if !FileManager.default.fileExists(atPath: scenario + "/wears.json") {
            // Renders made by an earlier generator are of no further use.
            let parent = SampleTruth.heldOutScenario.deletingLastPathComponent()
            for old in (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
            where old.hasPrefix("seed-\(Self.seed)") {
                try? FileManager.default.removeItem(at: parent.appendingPathComponent(old))
            }
            let render = try run(
                Self.python,
                [Self.root + "/tools/scenegen/render.py", "scenario", "--seed", Self.seed, "--closet-items", "40",
                 "--mornings", "14", "--out", scenario],
                in: folder, seconds: 1800)
            try #require(render.status == 0, "render failed: \(render.err)")
        }
        let config = folder.write(
            "closetd.yaml", "models_dir: \(Self.root)/models-int8\nstate_dir: \(folder.path)/state\nmqtt:\n  port: 1\n")
        let replay = try run(
            Self.binary, ["run", "--replay", "--source", scenario + "/frames", "--config", config], in: folder,
            seconds: 1800)
        print(replay.out)
        try #require(replay.status == 0, "replay failed: \(replay.err.suffix(2000))")
        let score = try run(
            Self.python,
            [Self.root + "/tools/perception/score.py", "--scenario", scenario, "--state", folder.path + "/state",
             "--closetd", Self.binary],
            in: folder, seconds: 300)
        print(score.out)
        // Privacy holds whatever the models' accuracy: no thumbnail touches a head, no frame-sized file is kept.
        #expect(score.out.contains("privacy: head_overlaps=0 frame_sized_files=0"), "\(score.out)\n\(score.err)")
        #expect(score.status == 0 || score.status == 1, "the scorer could not run: \(score.err)")
        // The accuracy bars: recall ≥ 0.9, duplicates ≤ 0.1, wear accuracy ≥ 0.9 (score.py exits 1 below any).
        #expect(score.status == 0, "\(score.out)")
    }
}
