import UtfallModel

/// An ordered answer scale, declared rather than hard-coded.
///
/// Levels run from the most negative (level 1) to the most positive (level k),
/// whatever order the questionnaire printed them in, so that every output
/// reads the same way. Each level accepts its label, synonyms (Swedish and
/// English variants) and a numeric code; non-substantive answers ("Vet ej")
/// are recognised but kept out of shares.
///
/// ```swift
/// let s = Scale.builtIn["stammer5"]!
/// s.classify("stämmer  mycket väl ")   // .level(5)
/// s.classify("Vet ej")                 // .nonSubstantive
/// ```
public struct Scale: Sendable, Hashable {
    public struct Level: Sendable, Hashable {
        /// The label printed in outputs.
        public var label: String
        /// Other spellings that mean the same answer.
        public var synonyms: [String]
        /// The numeric code an export may hold instead of the label.
        public var code: Int?

        public init(_ label: String, synonyms: [String] = [], code: Int? = nil) {
            self.label = label
            self.synonyms = synonyms
            self.code = code
        }
    }

    public var id: String
    public var levels: [Level]
    public var nonSubstantive: [String]
    /// Numeric codes that mean a non-substantive answer (Qualtrics writes -1/-2).
    public var nonSubstantiveCodes: [Int]

    private var lookup: [String: Int] = [:]
    private var nonSubstantiveKeys: Set<String> = []

    public init(id: String, levels: [Level], nonSubstantive: [String] = [], nonSubstantiveCodes: [Int] = []) {
        self.id = id
        self.levels = levels
        self.nonSubstantive = nonSubstantive
        self.nonSubstantiveCodes = nonSubstantiveCodes
        for (i, level) in levels.enumerated() {
            for text in [level.label] + level.synonyms { lookup[TextKey.normalize(text)] = i + 1 }
            if let code = level.code { lookup[String(code)] = i + 1 }
        }
        nonSubstantiveKeys = Set(nonSubstantive.map(TextKey.normalize) + nonSubstantiveCodes.map(String.init))
    }

    public var count: Int { levels.count }

    /// How many levels at each end count as "top box" and "bottom box": two on
    /// scales of four or more points, one on shorter ones (on a yes/no scale
    /// "top 2" would be everyone).
    public var boxWidth: Int { count >= 4 ? 2 : 1 }

    public enum Answer: Sendable, Equatable {
        case level(Int)
        case nonSubstantive
        case blank
        case unknown(String)
    }

    public func classify(_ raw: String) -> Answer {
        let key = TextKey.normalize(raw)
        if key.isEmpty { return .blank }
        if let l = lookup[key] { return .level(l) }
        if nonSubstantiveKeys.contains(key) { return .nonSubstantive }
        if Self.noAnswerKeys.contains(key) { return .blank }
        return .unknown(key)
    }

    /// The closest accepted label to an unknown answer, if one is close enough
    /// to be a plausible typo (at most a quarter of its length, and 3 edits).
    public func suggestion(for unknownKey: String) -> String? {
        // A typo is short; comparing a pasted paragraph with every label
        // would cost O(n·m) per label for no possible match.
        guard unknownKey.count <= 120 else { return nil }
        // A number is a code, not a typo: `2` on a yes/no item came back as
        // "did you mean 'Nej'" (one edit from the synonym `1`), which would
        // invert every share of an export coded 1 = Nej, 2 = Ja.
        if Self.isCode(unknownKey) { return nil }
        var best: (String, Int)?
        for level in levels {
            for text in [level.label] + level.synonyms {
                let d = TextKey.editDistance(unknownKey, TextKey.normalize(text))
                if best == nil || d < best!.1 { best = (level.label, d) }
            }
        }
        // Not the short ones (`NA`, `N/A`): a `Ja` on a Stämmer item came
        // back as "did you mean NA", which would drop yes answers from n.
        for text in nonSubstantive where TextKey.normalize(text).count > 3 {
            let d = TextKey.editDistance(unknownKey, TextKey.normalize(text))
            if best == nil || d < best!.1 { best = (text, d) }
        }
        guard let (label, d) = best, d <= 3, d * 4 <= max(unknownKey.count, 4) else { return nil }
        return label
    }

    /// Whether an answer is a number (`2`, `-99`, `4.0`): a code of the export's.
    public static func isCode(_ key: String) -> Bool {
        let digits = key.drop { $0 == "-" || $0 == "+" }
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") } && digits.contains(where: \.isNumber)
    }

    public static func == (a: Scale, b: Scale) -> Bool {
        a.id == b.id && a.levels == b.levels && a.nonSubstantive == b.nonSubstantive
            && a.nonSubstantiveCodes == b.nonSubstantiveCodes
    }

    public func hash(into h: inout Hasher) { h.combine(id); h.combine(levels) }
}

extension Scale {
    /// "Don't know" as Swedish and English exports write it: the
    /// non-substantive answers of every built-in scale, and of a pipeline's
    /// own scale unless it lists its own.
    public static let dontKnow = ["Vet ej", "Vet inte", "Ej aktuellt", "Inte aktuellt", "Kan ej bedöma",
                           "Ingen åsikt", "Don't know", "Do not know", "Dont know", "N/A", "NA",
                           "Not applicable", "No opinion", "Prefer not to answer",
                           // As Swedish platforms and questionnaires print them (esMaker, Survey&Report).
                           "Ingen uppfattning", "Kan inte svara", "Kan ej svara", "Kan inte bedöma", "Ej tillämpligt",
                           "Inte tillämpligt", "Ej relevant", "Vet ej / ingen åsikt", "Vet ej/ingen uppfattning",
                           "Vet inte / ingen åsikt"]

    /// What platforms write in a question a respondent skipped ("Ej svar"
    /// in esMaker, "-" in a Swedish Excel sheet): a blank, on every scale
    /// that does not make it a level or a non-substantive answer of its own.
    public static let noAnswer = ["Ej svar", "Inget svar", "Ej besvarad", "Obesvarad", "Svar saknas", "No answer",
                                  "Not answered", "-", "–"]
    static let noAnswerKeys = Set(noAnswer.map(TextKey.normalize))

    /// The scales utfall knows without being told. Pipelines may declare more.
    public static let builtIn: [String: Scale] = {
        let list: [Scale] = [
            Scale(id: "stammer5", levels: [
                Level("Stämmer inte alls", synonyms: ["Stämmer inte", "Inte alls"], code: 1),
                Level("Stämmer lite", synonyms: ["Stämmer i liten grad", "Stämmer dåligt"], code: 2),
                Level("Stämmer lagom", synonyms: ["Stämmer delvis", "Stämmer till viss del"], code: 3),
                Level("Stämmer ganska mycket", synonyms: ["Stämmer ganska väl", "Stämmer i stort sett"], code: 4),
                Level("Stämmer mycket väl", synonyms: ["Stämmer helt", "Stämmer precis", "Stämmer helt och hållet"], code: 5),
            ], nonSubstantive: dontKnow),
            // The four-point form many Swedish school and municipal surveys use.
            Scale(id: "stammer4", levels: [
                Level("Stämmer inte alls", synonyms: ["Stämmer inte"], code: 1),
                Level("Stämmer ganska dåligt", synonyms: ["Stämmer dåligt", "Stämmer i liten grad"], code: 2),
                Level("Stämmer ganska bra", synonyms: ["Stämmer ganska väl", "Stämmer i stor grad"], code: 3),
                Level("Stämmer helt", synonyms: ["Stämmer mycket bra", "Stämmer helt och hållet"], code: 4),
            ], nonSubstantive: dontKnow),
            // English counterpart of stammer5, as translated questionnaires print it.
            Scale(id: "applies5", levels: [
                Level("Does not apply at all", synonyms: ["Not at all true", "Not at all"], code: 1),
                Level("Applies a little", synonyms: ["Slightly true", "A little"], code: 2),
                Level("Applies somewhat", synonyms: ["Somewhat true", "Moderately"], code: 3),
                Level("Applies quite well", synonyms: ["Mostly true", "Quite a lot"], code: 4),
                Level("Applies very well", synonyms: ["Completely true", "Very much"], code: 5),
            ], nonSubstantive: dontKnow),
            Scale(id: "instammer5", levels: [
                Level("Instämmer inte alls", synonyms: ["Tar helt avstånd"], code: 1),
                Level("Instämmer i liten grad", synonyms: ["Instämmer delvis inte", "Tar delvis avstånd"], code: 2),
                // Not "Instämmer delvis": on four-point scales it is level 2,
                // on five-point ones 3 or 4; read as one, it misplaced answers.
                Level("Varken eller", synonyms: ["Neutral", "Varken instämmer eller tar avstånd"], code: 3),
                Level("Instämmer i stor grad", synonyms: ["Instämmer till stor del", "Instämmer ganska mycket"], code: 4),
                Level("Instämmer helt", synonyms: ["Instämmer fullständigt", "Instämmer helt och hållet"], code: 5),
            ], nonSubstantive: dontKnow),
            Scale(id: "nojd5", levels: [
                Level("Mycket missnöjd", code: 1),
                Level("Ganska missnöjd", synonyms: ["Missnöjd"], code: 2),
                Level("Varken nöjd eller missnöjd", synonyms: ["Varken eller"], code: 3),
                Level("Ganska nöjd", synonyms: ["Nöjd"], code: 4),
                Level("Mycket nöjd", code: 5),
            ], nonSubstantive: dontKnow),
            Scale(id: "ja_nej", levels: [
                Level("Nej", synonyms: ["No", "N", "0", "Falskt", "False"]),
                Level("Ja", synonyms: ["Yes", "J", "Y", "1", "Sant", "True"]),
            ], nonSubstantive: dontKnow),
            Scale(id: "agree5", levels: [
                Level("Strongly disagree", code: 1),
                Level("Disagree", synonyms: ["Somewhat disagree"], code: 2),
                Level("Neither agree nor disagree", synonyms: ["Neither agree or disagree", "Neutral"], code: 3),
                Level("Agree", synonyms: ["Somewhat agree"], code: 4),
                Level("Strongly agree", code: 5),
            ], nonSubstantive: dontKnow),
            Scale(id: "satisfied5", levels: [
                Level("Very dissatisfied", code: 1),
                Level("Dissatisfied", synonyms: ["Somewhat dissatisfied"], code: 2),
                Level("Neither satisfied nor dissatisfied", synonyms: ["Neutral"], code: 3),
                Level("Satisfied", synonyms: ["Somewhat satisfied"], code: 4),
                Level("Very satisfied", code: 5),
            ], nonSubstantive: dontKnow),
            Scale(id: "yes_no", levels: [
                Level("No", synonyms: ["Nej", "N", "0", "False"]),
                Level("Yes", synonyms: ["Ja", "Y", "J", "1", "True"]),
            ], nonSubstantive: dontKnow),
        ]
        return Dictionary(uniqueKeysWithValues: list.map { ($0.id, $0) })
    }()
}
