import Foundation

/// Inputs are regular files: opening a pipe blocks until someone writes to
/// it (holding the run's lock all night), and a folder or a device is no
/// export. Asked before a file is opened, by every command.
public enum RegularFile {
    /// Why `path` is not a regular file, or nil; nil too when it does not
    /// exist, which is told where it is opened.
    public static func problem(_ path: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "it is a folder"
        default: return "it is not a regular file (a pipe or a device)"
        }
    }
}

/// Reads a file, or a byte range of it, in fixed 64 KiB chunks through one
/// reused buffer: memory stays flat whatever the file size.
final class FileChunks {
    static let chunkSize = 64 * 1024

    let path: String
    private let fd: Int32
    private let buffer: UnsafeMutableRawBufferPointer
    /// Offset of the next read, and where to stop (nil: end of file).
    private(set) var offset = 0
    private let end: Int?

    init(path: String, from start: Int = 0, to end: Int? = nil) throws(ReadError) {
        self.path = path
        if let why = RegularFile.problem(path) { throw .cannotOpen(file: path, reason: why) }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .cannotOpen(file: path, reason: String(cString: strerror(errno))) }
        // A DOS end-of-file byte (Ctrl-Z) after the last line is no part of
        // the table: read, it was a row of its own or the end of the last
        // answer, and that row was rejected. Some tools end the file with a
        // line break after it (`^Z` on a line of its own); the file ends
        // at the Ctrl-Z all the same.
        // Only after a line break, or alone: a UTF-16 character's bytes
        // may be 0x1A and 0x0A too (U+0A1A), never after one.
        var st = stat(), tail = [UInt8](repeating: 0, count: 4), cut = end
        if fstat(fd, &st) == 0, st.st_size > 0, end == nil || end! >= Int(st.st_size) {
            let n = min(4, Int(st.st_size))
            if pread(fd, &tail, n, off_t(st.st_size) - off_t(n)) == n {
                // One line break after it: CRLF, LF or CR.
                let k = n >= 3 && tail[n - 2] == 0x0D && tail[n - 1] == 0x0A ? n - 3
                    : n >= 2 && (tail[n - 1] == 0x0A || tail[n - 1] == 0x0D) ? n - 2 : n - 1
                let alone = k == n - 1 || k == 0 && Int(st.st_size) == n || k > 0 && (tail[k - 1] == 0x0A || tail[k - 1] == 0x0D)
                if tail[k] == 0x1A && alone { cut = Int(st.st_size) - (n - k) }
            }
        }
        self.end = cut
        if start > 0, lseek(fd, off_t(start), SEEK_SET) < 0 {
            close(fd)
            throw .cannotOpen(file: path, reason: String(cString: strerror(errno)))
        }
        offset = start
        self.fd = fd
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 16)
    }

    deinit {
        close(fd)
        buffer.deallocate()
    }

    /// The next chunk, empty at end of file. Valid until the next call.
    func next(line: Int?) throws(ReadError) -> UnsafeRawBufferPointer {
        var got = 0
        let want = end.map { min(buffer.count, max(0, $0 - offset)) } ?? buffer.count
        // Fill the whole buffer (read may return short counts on pipes).
        while got < want {
            let r = read(fd, buffer.baseAddress! + got, want - got)
            if r < 0 {
                if errno == EINTR { continue }
                throw .ioFailure(file: path, line: line, reason: String(cString: strerror(errno)))
            }
            if r == 0 { break }
            got += r
        }
        offset += got
        return UnsafeRawBufferPointer(start: buffer.baseAddress, count: got)
    }

    /// Where the file's content ends: before a DOS end-of-file byte (see
    /// `init`), or at its size.
    var contentEnd: Int? { end ?? fileSize }

    /// The file's size in bytes, nil for pipes and other streams.
    var fileSize: Int? {
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(st.st_size)
    }

    /// The first `count` bytes of the file, for sniffing.
    static func head(path: String, count: Int = chunkSize) throws(ReadError) -> [UInt8] {
        let f = try FileChunks(path: path)
        return Array(try f.next(line: nil).prefix(count))
    }

    /// Up to `count` bytes from `start` (fewer at the end of the file).
    static func bytes(path: String, from start: Int, count: Int) throws(ReadError) -> [UInt8] {
        let f = try FileChunks(path: path, from: start, to: start + count)
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while true {
            let chunk = try f.next(line: nil)
            if chunk.isEmpty { return out }
            out.append(contentsOf: chunk)
        }
    }
}
