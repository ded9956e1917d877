import UtfallModel

/// Maps whatever an export says about a breakdown (gender, age group, …) to a
/// small set of group keys.
///
/// Gender is written a dozen ways (Kvinna, K, kvinna, Female, F, Woman…); all
/// of them must land in the same group or the shares split silently. Values
/// the mapping does not know are reported, and counted under `unknownGroup`,
/// never guessed.
public struct GroupMapping: Sendable, Hashable {
    public var name: String
    /// Normalized raw value -> group key.
    public var table: [String: String]
    /// Display labels per group key, in output order.
    public var groups: [(key: String, label: String)]
    /// Where blank answers go.
    public var blankGroup: String
    /// When nil, unmapped values are their own group (free breakdowns such as
    /// language); when set, they go there and are reported.
    public var unknownGroup: String?

    public init(name: String, table: [String: String], groups: [(key: String, label: String)],
                blankGroup: String, unknownGroup: String?) {
        self.name = name
        self.table = Dictionary(table.map { (TextKey.normalize($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
        self.groups = groups
        self.blankGroup = blankGroup
        self.unknownGroup = unknownGroup
    }

    public enum Outcome: Equatable, Sendable { case known(String), unknown(String) }

    public func group(for raw: String) -> Outcome {
        let key = TextKey.normalize(raw)
        if key.isEmpty { return .known(blankGroup) }
        if let g = table[key] { return .known(g) }
        if let u = unknownGroup { return .unknown(u) }
        // A free breakdown's values become group names in every table; an
        // e-mail address, personnummer or phone number, whole or in a
        // longer text ("Anna 070-123 45 67"), must not.
        if PersonalData.mentionsPersonalData(raw) { return .unknown(blankGroup) }
        return .known(raw.trimmingSpaces)
    }

    public func label(of key: String) -> String {
        groups.first { $0.key == key }?.label ?? key
    }

    public static func == (a: GroupMapping, b: GroupMapping) -> Bool {
        a.name == b.name && a.table == b.table && a.blankGroup == b.blankGroup
            && a.unknownGroup == b.unknownGroup && a.groups.map(\.key) == b.groups.map(\.key)
    }

    public func hash(into h: inout Hasher) { h.combine(name); h.combine(table) }

    /// Gender as Swedish and English exports write it.
    public static let gender = GroupMapping(
        name: "gender",
        table: [
            "kvinna": "women", "kvinnor": "women", "k": "women", "kv": "women", "female": "women", "f": "women",
            "woman": "women", "women": "women", "flicka": "women", "tjej": "women",
            "man": "men", "män": "men", "m": "men", "male": "men", "men": "men", "pojke": "men", "kille": "men",
            "annat": "other", "annan": "other", "icke-binär": "other", "ickebinär": "other", "icke binär": "other",
            "non-binary": "other", "nonbinary": "other", "other": "other", "x": "other",
            "vill ej uppge": "not_stated", "vill inte uppge": "not_stated", "uppger ej": "not_stated",
            "prefer not to say": "not_stated", "prefer not to answer": "not_stated",
        ],
        groups: [("women", "Kvinnor"), ("men", "Män"), ("other", "Annat/icke-binär"),
                 ("not_stated", "Vill ej uppge"), ("missing", "Uppgift saknas")],
        blankGroup: "missing",
        unknownGroup: "missing"
    )
}
