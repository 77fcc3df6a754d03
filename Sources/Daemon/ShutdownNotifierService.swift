import Foundation
import Logging
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#endif

/// Tells systemd `STOPPING=1` as soon as a graceful shutdown begins, and bounds it: the service group cancels what is
/// left after the shutdown timeout, and should even that hang, the process ends a few seconds later.
///
/// Last in the group, so it is the first to hear of the shutdown.
struct ShutdownNotifierService: Service {
    let notifier: SystemdNotifier
    let status: DaemonStatus
    let timeoutSeconds: Int
    let logger: Logger

    func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return  // cancelled: the group is ending anyway
        }
        logger.info("shutting down (at most \(timeoutSeconds) s)")
        notifier.notify("STOPPING=1\nSTATUS=Shutting down")
        status.update { $0.state = "stopping" }
        let limit = timeoutSeconds + 3
        let deadline = Thread {
            sleep(UInt32(limit))
            let message = "<2>closetd: shutdown did not finish within \(limit) s; exiting\n"
            _ = message.withCString { write(2, $0, strlen($0)) }
            _exit(1)
        }
        deadline.start()
    }
}
