import Synchronization

/// The systemd watchdog, fed from the main work loop: `WATCHDOG=1` at half of $WATCHDOG_USEC.
///
/// The loop calls `loopIsAlive()` on each iteration; a loop that hangs stops the pings, and systemd restarts us.
public final class Watchdog: Sendable {
    private let notifier: SystemdNotifier
    /// Half the watchdog timeout, or nil when systemd asked for no watchdog.
    public let pingInterval: Duration?
    private let lastPing = Mutex<ContinuousClock.Instant?>(nil)

    public init(notifier: SystemdNotifier, environment: [String: String], processID: Int32) {
        self.notifier = notifier
        var interval: Duration?
        if let text = environment["WATCHDOG_USEC"], let microseconds = UInt64(text), microseconds > 0 {
            // WATCHDOG_PID, when set, names the process the watchdog is meant for.
            if let pid = environment["WATCHDOG_PID"].flatMap({ Int32($0) }), pid != processID {
                interval = nil
            } else {
                interval = .microseconds(Int64(microseconds / 2))
            }
        }
        pingInterval = interval
    }

    /// Pings systemd when half the timeout has passed since the last ping.
    public func loopIsAlive(now: ContinuousClock.Instant = .now) {
        guard let pingInterval else { return }
        let due = lastPing.withLock { last -> Bool in
            guard last.map({ now - $0 >= pingInterval }) ?? true else { return false }
            last = now
            return true
        }
        if due { notifier.notify("WATCHDOG=1") }
    }
}
