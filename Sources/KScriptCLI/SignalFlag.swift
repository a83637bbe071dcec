// Ctrl-C: a SIGINT handler that only raises a process-wide flag; the interpreter turns it into
// KeyboardInterrupt at its next check, and the line editor into a discarded line.
import Foundation

enum SignalFlag {
    /// The flag the handler sets (a C signal handler cannot capture context, so it is process-wide).
    static let interrupt: UnsafeMutablePointer<Int32> = {
        let p = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        p.pointee = 0
        return p
    }()

    static func install() {
        _ = interrupt
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in SignalFlag.interrupt.pointee = 1 }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }
}
