import Crypto
import Foundation

/// SHA-256 of files, read in chunks so large exports are not loaded whole.
public enum Fingerprint {
    /// `pace` is called with the offset before each read; it may block.
    public static func sha256(file path: String, pace: (_ offset: Int64) -> Void = { _ in }) throws -> (hex: String, size: Int64) {
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
            pace(size)
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

/// The SHA-256 of several files, taken on a thread of its own while the
/// stages read and the outputs are written.
///
/// Hashing costs about 0.3 s of CPU per 500 MB. While the stages read, it
/// takes that from the two reading threads; while the workbook is written
/// (by one thread, for about 0.7 s on a large report) a core is idle. So the
/// inputs' last `keptForWrite` bytes are hashed only after the read, and
/// what comes before them beside it: on a 500 MB export the run is 0.15 s
/// shorter than with all of it beside the read, and on a 4.6 GB one the
/// read does not wait for the whole hash after it.
final class BackgroundFingerprints: @unchecked Sendable {
    /// About what one core hashes while a large workbook is written.
    static let keptForWrite: Int64 = 512 << 20

    private let paths: [String]
    /// Bytes hashed before the thread waits for `release`.
    private let holdAt: Int64
    private var result: Result<[(hex: String, size: Int64)], any Error> = .success([])
    private let done = DispatchSemaphore(value: 0)
    private let go = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var started = false, released = false

    /// `sizes`: the files' sizes as the run found them, to know where to hold.
    init(paths: [String], sizes: [Int64], keptForWrite: Int64 = keptForWrite) {
        self.paths = paths
        holdAt = max(0, sizes.reduce(0) { $0 + max(0, $1) } - keptForWrite)
    }

    /// Starts hashing up to the last `keptForWrite` bytes, once.
    func start() {
        lock.lock()
        defer { lock.unlock() }
        guard !started else { return }
        started = true
        let t = Thread { [self] in
            var before: Int64 = 0, held = false
            result = Result {
                try paths.map { path in
                    let digest = try Fingerprint.sha256(file: path) { offset in
                        guard !held, before + offset >= holdAt else { return }
                        go.wait()
                        held = true
                    }
                    before += digest.size
                    return digest
                }
            }
            done.signal()
        }
        t.start()
    }

    /// Lets the hashing go on to the end (and starts it if need be).
    func release() {
        start()
        lock.lock()
        defer { lock.unlock() }
        guard !released else { return }
        released = true
        go.signal()
    }

    /// Whether the hashing ends within `seconds`, without releasing it.
    func finished(within seconds: Double) -> Bool {
        guard done.wait(timeout: .now() + seconds) == .success else { return false }
        done.signal()
        return true
    }

    /// The digests, in the order of the paths; waits for them.
    func wait() throws -> [(hex: String, size: Int64)] {
        release()
        done.wait()
        done.signal()
        return try result.get()
    }
}
