import Foundation

extension Error {
    /// What the system said, for a message an operator acts on: Foundation
    /// wraps a failed write(2) as "NSCocoaErrorDomain error 512", and the
    /// errno inside ("No space left on device", "File too large") is the
    /// part that tells what to fix.
    public var systemReason: String {
        let ns = self as NSError
        if let u = ns.userInfo[NSUnderlyingErrorKey] as? NSError {
            return u.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32(u.code))) : u.localizedDescription
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        return ns.localizedDescription
    }
}
