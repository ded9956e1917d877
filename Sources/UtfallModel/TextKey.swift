import Foundation

/// The form in which free-typed labels are compared: Unicode NFC, lower case,
/// surrounding space trimmed and inner runs of space (NBSP included) folded.
///
/// Exports differ in exactly these ways ("Stämmer  mycket väl ", an NFD "ä"
/// from a Mac, "STÄMMER MYCKET VÄL"), and none of them changes the answer.
public enum TextKey {
    public static func normalize(_ s: String) -> String {
        let nfc = s.precomposedStringWithCanonicalMapping.lowercased()
        var out = ""
        out.reserveCapacity(nfc.utf8.count)
        var pendingSpace = false
        for ch in nfc.unicodeScalars {
            if ch.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.unicodeScalars.append(" "); pendingSpace = false }
            out.unicodeScalars.append(ch)
        }
        return out
    }

    /// Whether a label names a printed table's totals row or column
    /// ("Totalt", "Summa", "Samtliga projekt"), in any case or spacing.
    public static func isTotals(_ s: String) -> Bool { totals.contains(normalize(s)) }

    static let totals: Set<String> = ["totalt", "total", "totalsumma", "summa", "alla", "all", "samtliga", "samtliga projekt", "alla projekt"]

    /// Levenshtein distance on characters, for "did you mean" suggestions.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev = Array(0...y.count)
        var cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[y.count]
    }
}
