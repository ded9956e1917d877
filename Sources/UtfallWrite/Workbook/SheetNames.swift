/// Hands out sheet names Excel accepts: at most 31 characters, none of
/// `[ ] : * ? / \`, not starting or ending with `'`, not "History", and
/// unique without regard to case (Excel treats "Kurs" and "KURS" as one).
struct SheetNames {
    private(set) var taken: [String] = []
    private var keys: Set<String> = []

    static let maxLength = 31

    static func legal(_ raw: String) -> String {
        var s = String(raw.map { "[]:*?/\\".contains($0) ? "_" : $0 })
            .trimmingCharacters(in: .whitespaces)
        while s.hasPrefix("'") { s.removeFirst() }
        while s.hasSuffix("'") { s.removeLast() }
        if s.isEmpty || s.lowercased() == "history" { s = "Sheet" + (s.isEmpty ? "" : "_") }
        return String(s.prefix(maxLength))
    }

    /// A legal name derived from `raw`, numbered `…(2)` when already taken.
    mutating func claim(_ raw: String) -> String {
        let base = Self.legal(raw)
        var name = base
        var n = 2
        while keys.contains(name.lowercased()) {
            let suffix = " (\(n))"
            name = String(base.prefix(Self.maxLength - suffix.count)) + suffix
            n += 1
        }
        keys.insert(name.lowercased())
        taken.append(name)
        return name
    }
}
