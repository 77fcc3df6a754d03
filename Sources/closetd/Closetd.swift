import ArgumentParser

/// The closetd executable: one root command, a subcommand per job.
@main
struct Closetd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "closetd",
        abstract: "Recognises the clothes you wear in front of a camera mirror and suggests outfits from your own closet.",
        version: ClosetdVersion.string,
        subcommands: [
            RunCommand.self,
            ConfigCommand.self,
            DoctorCommand.self,
            RecommendCommand.self,
            FeedbackCommand.self,
            BenchCommand.self,
            InventoryCommand.self,
            LaundryCommand.self,
            StatsCommand.self,
            CameraCommand.self,
            ModelCommand.self,
            IngestCommand.self,
        ]
    )
}

/// The version closetd reports (CLI, MQTT discovery, logs).
enum ClosetdVersion {
    static let string = "0.1.0"
}
