import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The built `closetd run` as systemd would run it, against a real mosquitto.
@Suite(.enabled(if: MosquittoBroker.isAvailable, "mosquitto and mosquitto_sub are not installed"))
struct DaemonProcessTests {
    func config(_ folder: TestFolder, port: Int, extra: String = "") -> String {
        folder.write("closetd.yaml", "device_id: t\nshutdown_timeout_seconds: 5\nmqtt:\n  port: \(port)\n  host: 127.0.0.1\n\(extra)")
    }

    func startDaemon(_ folder: TestFolder, config: String, environment: [String: String] = [:]) throws -> ChildProcess {
        try ChildProcess(
            closetdExecutable, ["run", "--config", config, "--state", folder.file("state")], environment: environment,
            logFolder: folder.path)
    }

    @Test func notifiesReadyWatchdogStoppingAndStopsOnSIGTERM() throws {
        let broker = try MosquittoBroker()
        let folder = TestFolder("notify")
        let socket = NotifySocket(path: folder.file("notify.sock"))
        let daemon = try startDaemon(
            folder, config: config(folder, port: broker.port),
            environment: ["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "400000"])

        var seen: [String] = []
        func next(_ prefix: String, within milliseconds: Int32 = 10_000) -> Bool {
            let deadline = Date().addingTimeInterval(Double(milliseconds) / 1000)
            while Date() < deadline, let message = socket.receive(timeoutMilliseconds: 500) ?? (daemon.isRunning ? "" : nil) {
                if message.isEmpty { continue }
                seen.append(message)
                if message.split(separator: "\n").contains(where: { $0.hasPrefix(prefix) }) { return true }
            }
            return false
        }
        #expect(next("READY=1"), "READY=1 not sent: \(seen) \(daemon.standardError)")
        #expect(seen.last?.contains("STATUS=") == true, "READY carries a STATUS line")
        #expect(next("WATCHDOG=1"), "no watchdog ping: \(seen)")
        #expect(next("WATCHDOG=1"), "the watchdog pings repeatedly")

        let signalled = Date()
        daemon.signal(SIGTERM)
        #expect(next("STOPPING=1"), "STOPPING=1 not sent: \(seen)")
        let status = daemon.wait(seconds: 10)
        #expect(status == 0, "exit status \(String(describing: status)): \(daemon.standardError)")
        #expect(Date().timeIntervalSince(signalled) < 5, "stopped within the 5 s bound")
        let order = seen.compactMap { message in ["READY=1", "WATCHDOG=1", "STOPPING=1"].first { message.contains($0) } }
        #expect(order.first == "READY=1" && order.last == "STOPPING=1")
    }

    @Test func lastWillAnnouncesOfflineWhenKilled() throws {
        let broker = try MosquittoBroker()
        let folder = TestFolder("will")
        let subscriber = try Subscriber(broker: broker, topic: "closetd/t/availability")
        let daemon = try startDaemon(folder, config: config(folder, port: broker.port))
        #expect(subscriber.waitFor { $0.last?.payload == "online" }, "\(daemon.standardError)")
        daemon.signal(SIGKILL)
        #expect(subscriber.waitFor { $0.last?.payload == "offline" }, "the broker published the last will")

        // The retained value is what a late subscriber sees.
        let late = try Subscriber(broker: broker, topic: "closetd/t/availability")
        #expect(late.waitFor { $0.first == ReceivedMessage(retained: true, topic: "closetd/t/availability", payload: "offline") })
    }

    @Test func discoveryIsRetainedAndRepublishedWhenHomeAssistantComesOnline() throws {
        let broker = try MosquittoBroker()
        let folder = TestFolder("discovery")
        let daemon = try startDaemon(folder, config: config(folder, port: broker.port))
        let topic = "homeassistant/device/closetd_t/config"
        // Subscribe once the daemon has published: what arrives then is the broker's retained copy.
        #expect(eventually(within: 10) { daemon.standardError.contains("MQTT: connected") })
        usleep(300_000)
        let subscriber = try Subscriber(broker: broker, topic: topic)
        #expect(subscriber.waitFor { $0.count == 1 && $0[0].retained }, "retained discovery: \(daemon.standardError)")
        let config = try JSONSerialization.jsonObject(with: Data(subscriber.messages[0].payload.utf8)) as? [String: Any]
        #expect(config?["dev"] != nil && config?["o"] != nil && config?["cmps"] != nil)
        #expect(config?["availability_topic"] as? String == "closetd/t/availability")

        try publish(broker: broker, topic: "homeassistant/status", payload: "online")
        #expect(subscriber.waitFor { $0.count == 2 && !$0[1].retained }, "republished after homeassistant/status online")
        daemon.signal(SIGTERM)
        #expect(daemon.wait(seconds: 10) == 0)
    }

    @Test func wrongPasswordIsAClearErrorAndTheDaemonKeepsRunning() throws {
        let folder = TestFolder("auth")
        let passwordFile = folder.file("passwd")
        let tool = try ChildProcess(which("mosquitto_passwd") ?? "mosquitto_passwd", ["-c", "-b", passwordFile, "mirror", "right"], logFolder: folder.path)
        #expect(tool.wait(seconds: 5) == 0)
        let broker = try MosquittoBroker(listenerConfiguration: "allow_anonymous false\npassword_file \(passwordFile)")
        let secret = folder.write("secret", "wrong\n")
        let daemon = try startDaemon(
            folder, config: config(folder, port: broker.port, extra: "  username: mirror\n  password_file: \(secret)\n"))
        #expect(eventually(within: 10) { daemon.standardError.contains("not authorised") })
        usleep(3_000_000)
        #expect(daemon.isRunning, "still running after refusals: \(daemon.standardError)")
        let refusals = daemon.standardError.components(separatedBy: "refused the connection").count - 1
        #expect(refusals == 1, "the refusal is logged once while it lasts, not per retry (\(refusals))")
        daemon.signal(SIGTERM)
        #expect(daemon.wait(seconds: 10) == 0)
    }

    @Test func sighupReloadsAndReportsToSystemdAndJournal() throws {
        let broker = try MosquittoBroker()
        let folder = TestFolder("reload")
        let socket = NotifySocket(path: folder.file("notify.sock"))
        let file = config(folder, port: broker.port)
        let daemon = try startDaemon(
            folder, config: file, environment: ["NOTIFY_SOCKET": socket.path, "JOURNAL_STREAM": "8:1234"])
        var messages: [String] = []
        func waitFor(_ text: String) -> Bool {
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline {
                if let message = socket.receive(timeoutMilliseconds: 200) {
                    messages.append(message)
                    if message.contains(text) { return true }
                }
            }
            return false
        }
        #expect(waitFor("READY=1"))

        // A valid change: reloaded, the log level applies at once (debug lines appear), RELOADING=1 then READY=1.
        try (try String(contentsOfFile: file, encoding: .utf8) + "log_level: debug\n").write(toFile: file, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        #expect(waitFor("RELOADING=1"))
        #expect(waitFor("READY=1"))
        #expect(eventually(within: 5) { daemon.standardError.contains("<5>reloaded \(file)") }, "\(daemon.standardError)")

        // An invalid change: the running configuration stays, the daemon keeps running.
        try "mqtt:\n  port: -1\n".write(toFile: file, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        #expect(waitFor("READY=1"))
        #expect(eventually(within: 5) { daemon.standardError.contains("<3>reload failed, keeping the running configuration") })
        #expect(daemon.isRunning)

        // Under systemd (JOURNAL_STREAM set) every line starts with its syslog priority and has no timestamp.
        let lines = daemon.standardError.split(separator: "\n")
        #expect(!lines.isEmpty && lines.allSatisfy { $0.range(of: #"^<[0-7]>"#, options: .regularExpression) != nil }, "\(lines)")
        daemon.signal(SIGTERM)
        #expect(daemon.wait(seconds: 10) == 0)
    }

    @Test func stateTopicCountsItemsAddedWithTheCLIWhileRunning() throws {
        let broker = try MosquittoBroker()
        let folder = TestFolder("items")
        let subscriber = try Subscriber(broker: broker, topic: "closetd/t/state")
        let daemon = try startDaemon(folder, config: config(folder, port: broker.port))
        #expect(subscriber.waitFor { $0.last?.payload.contains("\"items\":0") == true }, "\(daemon.standardError)")
        for (category, colour) in [("jeans", "blue"), ("t-shirts", "white")] {
            let add = try ChildProcess(
                closetdExecutable, ["inventory", "add", "--category", category, "--colour", colour, "--state", folder.file("state")],
                logFolder: folder.path)
            #expect(add.wait(seconds: 20) == 0, "\(add.standardError)")
        }
        let wear = try ChildProcess(
            closetdExecutable, ["inventory", "wear", "i-0001", "i-0002", "--date", "2026-11-20", "--state", folder.file("state")],
            logFolder: folder.path)
        #expect(wear.wait(seconds: 20) == 0, "\(wear.standardError)")
        #expect(subscriber.waitFor(seconds: 15) { messages in
            guard let last = messages.last?.payload else { return false }
            return last.contains("\"items\":2") && last.contains("\"last_outfit\":{\"date\":\"2026-11-20\",\"items\":[\"i-0001\",\"i-0002\"]}")
        }, "\(subscriber.messages.last?.payload ?? "nothing")")
        daemon.signal(SIGTERM)
        #expect(daemon.wait(seconds: 10) == 0)
    }

    @Test func recommendationAndFeedbackRoundTripThroughTheBroker() throws {
        let broker = try MosquittoBroker()
        let folder = TestFolder("recommend")
        for (category, colour) in [("shirts", "white"), ("t-shirts", "red"), ("jeans", "blue"), ("pants", "grey"),
                                   ("shoes", "black"), ("shoes", "brown"), ("jackets", "black")] {
            let add = try ChildProcess(
                closetdExecutable, ["inventory", "add", "--category", category, "--colour", colour, "--state", folder.file("state")],
                logFolder: folder.path)
            #expect(add.wait(seconds: 20) == 0, "\(add.standardError)")
        }
        let today = try Subscriber(broker: broker, topic: "closetd/t/outfit/today")
        let image = try Subscriber(broker: broker, topic: "closetd/t/outfit/today/image", hexPayload: true)
        // 00:00 has always passed: the daemon makes today's recommendation as it starts.
        let daemon = try startDaemon(
            folder, config: config(folder, port: broker.port, extra: "recommend:\n  time: \"00:00\"\n  temperature_celsius: 12\n"))
        func current(_ message: ReceivedMessage) -> Int? {
            (try? JSONSerialization.jsonObject(with: Data(message.payload.utf8)) as? [String: Any])?["current"] as? Int
        }
        #expect(today.waitFor(seconds: 15) { $0.last.flatMap(current) == 0 }, "\(daemon.standardError)")
        #expect(image.waitFor { !$0.isEmpty })
        let jpeg = try #require(image.messages.last.map { hexBytes($0.payload) })
        #expect(jpeg.starts(with: [0xFF, 0xD8]) && jpeg.suffix(2) == [0xFF, 0xD9] && jpeg.count <= 100_000)

        // A Home Assistant button press (action only) shows the next outfit.
        try publish(broker: broker, topic: "closetd/t/feedback/set", payload: "{\"action\":\"next\"}")
        #expect(today.waitFor { $0.last.flatMap(current) == 1 }, "\(daemon.standardError)")
        // A malformed payload is logged and ignored; the daemon carries on.
        try publish(broker: broker, topic: "closetd/t/feedback/set", payload: "{\"action\":\"love\"}")
        #expect(eventually(within: 5) { daemon.standardError.contains("ignored feedback") && daemon.standardError.contains("love") })
        try publish(broker: broker, topic: "closetd/t/feedback/set", payload: "{\"action\":\"reject\"}")
        #expect(today.waitFor { $0.last.flatMap(current) == 2 }, "\(daemon.standardError)")
        #expect(daemon.isRunning)
        daemon.signal(SIGTERM)
        #expect(daemon.wait(seconds: 10) == 0)

        // The feedback reached the person's feedback log.
        let log = try String(contentsOfFile: folder.file("state/inventory/journal.jsonl"), encoding: .utf8)
        #expect(log.contains("\"action\":\"next\"") && log.contains("\"action\":\"reject\""))
    }

    func hexBytes(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while let next = text.index(index, offsetBy: 2, limitedBy: text.endIndex), index < text.endIndex {
            if let byte = UInt8(text[index..<next], radix: 16) { bytes.append(byte) }
            index = next
        }
        return bytes
    }

    @Test func replayedFramesGoThroughTheMotionGate() throws {
        let broker = try MosquittoBroker()
        let folder = TestFolder("replay")
        let state = try Subscriber(broker: broker, topic: "closetd/t/state")
        let stats = try Subscriber(broker: broker, topic: "closetd/t/stats")
        // Sample frames of a person at the mirror, renamed 200 ms apart (the replay keeps their timestamps' pace).
        let frames = folder.file("frames")
        try FileManager.default.createDirectory(atPath: frames, withIntermediateDirectories: true)
        let sample = try FileManager.default.contentsOfDirectory(atPath: packageRoot + "/samples/frames").filter { $0.hasSuffix(".jpg") }.sorted()
        for (index, name) in sample.prefix(40).enumerated() {
            let stamp = String(format: "20261123T0700%02d.%03d.jpg", index / 5, (index % 5) * 200)
            try FileManager.default.copyItem(atPath: packageRoot + "/samples/frames/" + name, toPath: frames + "/" + stamp)
        }
        let daemon = try startDaemon(
            folder, config: config(folder, port: broker.port, extra: "  stats_interval_seconds: 1\ncamera:\n  replay: \(frames)\n"))
        #expect(state.waitFor(seconds: 15) { $0.contains { $0.payload.contains("\"camera\":\"streaming\"") } }, "\(daemon.standardError)")
        #expect(stats.waitFor(seconds: 15) { messages in
            messages.contains { ($0.payload.range(of: #""frames_seen_per_s":[1-9]"#, options: .regularExpression)) != nil }
        }, "\(stats.messages.last?.payload ?? "no stats")")
        #expect(stats.waitFor { messages in
            messages.contains { ($0.payload.range(of: #""camera_frames":[1-9]"#, options: .regularExpression)) != nil
                && $0.payload.contains("\"camera_restarts\":0") && $0.payload.contains("\"camera_dropped\":0") }
        }, "\(stats.messages.last?.payload ?? "no stats")")
        // The sample is a person dressing in front of the mirror: the gate sees motion.
        #expect(state.waitFor(seconds: 20) { $0.contains { $0.payload.contains("\"state\":\"motion\"") } })
        daemon.signal(SIGTERM)
        #expect(daemon.wait(seconds: 10) == 0)
    }

    @Test func badConfigurationExits78() throws {
        let folder = TestFolder("badconfig")
        let file = folder.write("bad.yaml", "mqtt:\n  port: 0\n")
        let daemon = try ChildProcess(closetdExecutable, ["run", "--config", file], logFolder: folder.path)
        #expect(daemon.wait(seconds: 10) == 78)
        #expect(daemon.standardError.contains("mqtt.port = '0': must be between 1 and 65535"))
    }
}
