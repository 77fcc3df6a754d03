import MQTT
import ServiceLifecycle

/// Keeps the device's MQTT channel for the daemon's lifetime; on shutdown says `offline` and disconnects.
///
/// The channel is started before the service group runs (READY=1 waits for the first connection attempt); this
/// service owns its orderly end. It is first in the group, so it shuts down last, after the others flushed.
struct MQTTService: Service {
    let channel: DeviceChannel

    func run() async throws {
        try? await gracefulShutdown()
        channel.stop()
    }
}
