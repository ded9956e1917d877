import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One pipeline runs at a time. The lock is a kernel `flock` on a file
/// beside the outputs: the kernel drops it when the holder dies, even by
/// SIGKILL, so a crashed run never blocks the next night's.
public final class RunLock {
    public let path: String
    private var fd: Int32 = -1

    public enum Failure: Error, CustomStringConvertible {
        case held(path: String, waited: Double)
        case cannotOpen(path: String, errno: Int32)
        /// flock itself failed (ENOLCK, a file system without locks): not
        /// "another run", or a scheduler would wait on it for ever.
        case cannotLock(path: String, errno: Int32)

        public var description: String {
            switch self {
            case .held(let p, let w):
                w > 0 ? "another utfall run still holds \(p) after waiting \(w.formatted(.number.precision(.fractionLength(0...1)))) s; try again later or raise --wait"
                      : "another utfall run of this pipeline is in progress (lock \(p)); it was left alone. Use --wait SECONDS to queue behind it"
            case .cannotOpen(let p, let e):
                "cannot create the lock file \(p): \(String(cString: strerror(e))); check that the output folder is writable"
            case .cannotLock(let p, let e):
                "cannot lock \(p): \(String(cString: strerror(e))); the output folder must be on a file system that supports flock (a local disk)"
            }
        }
    }

    /// Takes the lock, waiting up to `wait` seconds (0 = fail at once).
    public init(path: String, wait: Double) throws(Failure) {
        self.path = path
        // 0666 less the umask, as other files: a lock made 0644 by an
        // analyst's run by hand stopped the cron user's every night in a
        // shared, group-writable install. A lock file that is someone
        // else's is still locked read-only: flock needs no write access.
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o666)
        if fd < 0 && errno == EACCES { fd = open(path, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { throw .cannotOpen(path: path, errno: errno) }
        let deadline = Date().addingTimeInterval(wait)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let e = errno
            guard e == EWOULDBLOCK || e == EINTR, Date() < deadline else {
                close(fd)
                fd = -1
                if e == EWOULDBLOCK || e == EINTR { throw .held(path: path, waited: wait) }
                throw .cannotLock(path: path, errno: e)
            }
            usleep(100_000)
        }
        // The pid is for people reading the file; the flock is what counts.
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { write(fd, $0, strlen($0)) }
    }

    deinit {
        if fd >= 0 {
            flock(fd, LOCK_UN)
            close(fd)
        }
    }
}
