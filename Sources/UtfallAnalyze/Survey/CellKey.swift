import UtfallModel

/// Identifies one published cell: a scope (course, project or the whole
/// survey) crossed with a breakdown group.
public struct CellKey: Hashable, Sendable {
    public enum Scope: String, Sendable, CaseIterable { case course, project, all }

    public var scope: Scope
    /// Empty for scope `all`.
    public var project: String
    /// Empty unless scope is `course`.
    public var course: String
    /// `all`, or a breakdown's name such as `gender`.
    public var breakdown: String
    /// Empty when `breakdown` is `all`.
    public var group: String

    public init(scope: Scope, project: String = "", course: String = "", breakdown: String = "all", group: String = "") {
        self.scope = scope
        self.project = project
        self.course = course
        self.breakdown = breakdown
        self.group = group
    }

    /// The same scope without the breakdown: the total its groups add up to.
    var total: CellKey { CellKey(scope: scope, project: project, course: course) }

    /// The scope above (course → project → all) with the same breakdown group:
    /// the total that the cells of one level add up to.
    var parent: CellKey? {
        switch scope {
        case .course: CellKey(scope: .project, project: project, breakdown: breakdown, group: group)
        case .project: CellKey(scope: .all, breakdown: breakdown, group: group)
        case .all: nil
        }
    }
}

/// Orders names the way a Swedish reader expects: å ä ö after z (æ as ä,
/// ø as ö, ü as y), other accented letters with their base letter (é as e),
/// so course lists match the printed reports.
public enum SwedishOrder {
    public static func key(_ s: String) -> [UInt32] {
        var out: [UInt32] = []
        for ch in TextKey.normalize(s) {
            switch ch {
            case "å": out.append(0x7B_01)
            case "ä", "æ": out.append(0x7B_02)
            case "ö", "ø": out.append(0x7B_03)
            case "ü": out.append(UInt32(UInt8(ascii: "y")))
            default:
                let base = ch.isLetter && !ch.isASCII ? String(ch).folding(options: .diacriticInsensitive, locale: nil) : String(ch)
                for c in base.unicodeScalars { out.append(c.value < 0x7B ? c.value : c.value + 0x1_0000) }
            }
        }
        return out
    }

    public static func less(_ a: String, _ b: String) -> Bool {
        let ka = key(a), kb = key(b)
        return ka.lexicographicallyPrecedes(kb) || (ka == kb && a < b)
    }
}
