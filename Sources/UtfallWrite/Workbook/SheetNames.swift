/// Hands out sheet names Excel accepts: at most 31 characters as Excel
/// counts them (UTF-16 units, so an emoji is two), none of `[ ] : * ? / \`,
/// not starting or ending with `'`, not "History", and unique without
/// regard to case (Excel treats "Kurs" and "KURS" as one).
struct SheetNames {
    private(set) var taken: [String] = []
    private var keys: Set<String> = []

    static let maxLength = 31

    static func legal(_ raw: String) -> String {
        // NFC first: text from macOS may spell å as a + ring, two code points.
        let composed = CellText.forWorkbook(raw.precomposedStringWithCanonicalMapping)
        var s = String(composed.map { "[]:*?/\\".contains($0) ? "_" : $0 })
        // Cut before trimming, so that a cut cannot leave an apostrophe at the end.
        s = CellText.prefix(s.trimmingCharacters(in: .whitespaces), utf16Units: maxLength)
        while true {
            let t = s.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("'") { s = String(t.dropFirst()) } else if t.hasSuffix("'") { s = String(t.dropLast()) } else { s = t; break }
        }
        if s.isEmpty || s.lowercased() == "history" { s = "Sheet" + (s.isEmpty ? "" : "_") }
        return s
    }

    /// A legal name derived from `raw`, numbered `…(2)` when already taken.
    mutating func claim(_ raw: String) -> String {
        let base = Self.legal(raw)
        var name = base
        var n = 2
        while keys.contains(name.lowercased()) {
            let suffix = " (\(n))"
            name = CellText.prefix(base, utf16Units: Self.maxLength - suffix.utf16.count) + suffix
            n += 1
        }
        keys.insert(name.lowercased())
        taken.append(name)
        return name
    }
}
