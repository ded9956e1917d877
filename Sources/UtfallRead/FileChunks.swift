import Foundation

/// Reads a file in fixed 64 KiB chunks through one reused buffer: memory
/// stays flat whatever the file size.
final class FileChunks {
    static let chunkSize = 64 * 1024

    let path: String
    private let fd: Int32
    private let buffer: UnsafeMutableRawBufferPointer

    init(path: String) throws(ReadError) {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .cannotOpen(file: path, reason: String(cString: strerror(errno))) }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw .cannotOpen(file: path, reason: "it is a folder")
        }
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
        // Fill the whole buffer (read may return short counts on pipes).
        while got < buffer.count {
            let r = read(fd, buffer.baseAddress! + got, buffer.count - got)
            if r < 0 {
                if errno == EINTR { continue }
                throw .ioFailure(file: path, line: line, reason: String(cString: strerror(errno)))
            }
            if r == 0 { break }
            got += r
        }
        return UnsafeRawBufferPointer(start: buffer.baseAddress, count: got)
    }

    /// The first `count` bytes of the file, for sniffing.
    static func head(path: String, count: Int = chunkSize) throws(ReadError) -> [UInt8] {
        let f = try FileChunks(path: path)
        return Array(try f.next(line: nil).prefix(count))
    }
}
