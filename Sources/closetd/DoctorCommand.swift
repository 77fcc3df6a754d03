import ArgumentParser
import Daemon

/// `closetd doctor`: a line per check, non-zero exit on any failure.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the camera, the models, the state folder and the broker; exit 1 if anything fails.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let config = try global.loadConfig()
        print("ok    config  \(fileExists(global.config) ? global.config : "built-in defaults")")
        let checks = Doctor.run(config: config)
        for check in checks {
            print("\(check.passed ? "ok  " : "FAIL")  \(check.name.padding(toLength: 7, withPad: " ", startingAt: 0)) \(check.detail)")
        }
        if checks.contains(where: { !$0.passed }) { throw ExitCode(1) }
    }
}
