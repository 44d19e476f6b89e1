import Foundation

/// Progress of a run on stderr: one redrawn status line on a terminal (done/total, running,
/// failed, elapsed, ETA), plain log lines otherwise.
public final class Progress: @unchecked Sendable {
    private let lock = NSLock()
    private let interactive: Bool
    private let total: Int
    private var done = 0, failed = 0, running = 0
    private let start = Date()
    private var timer: DispatchSourceTimer?
    private let write: @Sendable (String) -> Void

    /// Progress over `total` cells; `interactive` defaults to whether stderr is a terminal.
    public init(total: Int, interactive: Bool = isatty(STDERR_FILENO) == 1,
                write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.total = total
        self.interactive = interactive
        self.write = write
        if interactive {
            let t = DispatchSource.makeTimerSource(queue: .global())
            t.schedule(deadline: .now() + 1, repeating: 1)
            t.setEventHandler { [weak self] in self?.redraw() }
            t.resume()
            timer = t
        }
    }

    deinit { timer?.cancel() }

    /// A plain message (e.g. "12 cells already done").
    public func log(_ message: String) {
        lock.lock(); defer { lock.unlock() }
        if interactive { write("\r\u{1B}[K\(message)\n\(statusLine())") } else { write(message + "\n") }
    }

    /// A cell started.
    public func started(_ label: String) {
        lock.lock(); defer { lock.unlock() }
        running += 1
        if interactive { write("\r\u{1B}[K\(statusLine())") } else { write("start \(label)\n") }
    }

    /// A cell finished (`error` nil when done).
    public func finished(_ label: String, seconds: Double, detail: String, error: String?) {
        lock.lock(); defer { lock.unlock() }
        running -= 1
        if error == nil { done += 1 } else { failed += 1 }
        let line = error.map { "FAILED \(label) (\(Progress.format(seconds))): \($0)" }
            ?? "done \(label) \(detail) (\(Progress.format(seconds)))"
        if interactive {
            write(error == nil ? "\r\u{1B}[K\(statusLine())" : "\r\u{1B}[K\(line)\n\(statusLine())")
        } else {
            write("[\(done + failed)/\(total)] \(line)\n")
        }
    }

    /// Ends the status line.
    public func close() {
        lock.lock(); defer { lock.unlock() }
        timer?.cancel()
        timer = nil
        if interactive { write("\r\u{1B}[K\(statusLine())\n") }
    }

    private func redraw() {
        lock.lock(); defer { lock.unlock() }
        write("\r\u{1B}[K\(statusLine())")
    }

    private func statusLine() -> String {
        let elapsed = Date().timeIntervalSince(start)
        let finished = done + failed
        let eta = finished > 0 && finished < total ? Progress.format(elapsed / Double(finished) * Double(total - finished)) : "—"
        return "[\(finished)/\(total)] running \(running), failed \(failed), elapsed \(Progress.format(elapsed)), ETA \(eta)"
    }

    /// "42.1s", "3m07s", "1h02m".
    public static func format(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let s = Int(seconds.rounded())
        if s < 3600 { return String(format: "%ldm%02lds", s / 60, s % 60) }
        return String(format: "%ldh%02ldm", s / 3600, (s % 3600) / 60)
    }
}
