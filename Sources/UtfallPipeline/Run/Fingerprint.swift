import Crypto
import Foundation

/// SHA-256 of files, read in chunks so large exports are not loaded whole.
public enum Fingerprint {
    public static func sha256(file path: String) throws -> (hex: String, size: Int64) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw CocoaError(errno == ENOENT ? .fileReadNoSuchFile : .fileReadUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        defer { close(fd) }
        var hasher = SHA256()
        var size: Int64 = 0
        // One buffer for the whole file: a Data per chunk costs an allocation and a copy.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: path, NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)])
            }
            if n == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            size += Int64(n)
        }
        return (hex(hasher.finalize()), size)
    }

    public static func sha256(_ data: Data) -> String { hex(SHA256.hash(data: data)) }

    public static func sha256(_ text: String) -> String { sha256(Data(text.utf8)) }

    private static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}

/// The SHA-256 of several files, taken on a thread of its own.
///
/// Hashing costs about 0.35 s of CPU per 500 MB. When a run cannot be
/// skipped anyway, the inputs are hashed from the end of the read on,
/// beside the write: the workbook is written by one thread, which leaves a
/// core idle for longer than the hash takes. Hashing while the stages read
/// took a core from the reading threads instead (0.17 s of wall time on a
/// 500 MB export).
final class BackgroundFingerprints: @unchecked Sendable {
    private let paths: [String]
    private var result: Result<[(hex: String, size: Int64)], any Error> = .success([])
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var started = false

    init(paths: [String]) { self.paths = paths }

    /// Starts hashing, once; later calls do nothing.
    func start() {
        lock.lock()
        defer { lock.unlock() }
        guard !started else { return }
        started = true
        let t = Thread { [self] in
            result = Result { try paths.map { try Fingerprint.sha256(file: $0) } }
            done.signal()
        }
        t.start()
    }

    /// The digests, in the order of the paths; starts hashing if need be
    /// and waits for it.
    func wait() throws -> [(hex: String, size: Int64)] {
        start()
        done.wait()
        done.signal()
        return try result.get()
    }
}
