import Foundation
import UtfallModel

/// A date with an optional wall-clock time, as exports write them. The UTC
/// offset is kept when the text carries one (`GMT+1`), never applied.
public struct LocalTimestamp: Hashable, Sendable, Codable, CustomStringConvertible {
    public var date: CalendarDate
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// False for a bare date.
    public var hasTime: Bool
    public var utcOffsetMinutes: Int?

    public init(date: CalendarDate, hour: Int = 0, minute: Int = 0, second: Int = 0, hasTime: Bool = true, utcOffsetMinutes: Int? = nil) {
        self.date = date
        self.hour = hour
        self.minute = minute
        self.second = second
        self.hasTime = hasTime
        self.utcOffsetMinutes = utcOffsetMinutes
    }

    /// `2016-05-03 14:27:29` (or the date alone).
    public var description: String {
        guard hasTime else { return date.iso }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(date.iso) \(two(hour)):\(two(minute)):\(two(second))"
    }
}

/// How to read `1/10/2016`: 10 January (US exports: SurveyMonkey, Google
/// Sheets in English) or 1 October (British and other European sheets).
public enum SlashedDateOrder: String, Sendable, Codable {
    case monthFirst = "month_first"
    case dayFirst = "day_first"
}

extension ValueParser {
    /// The calendar day of a date or timestamp (the time is dropped).
    ///
    /// Forms: ISO `2016-10-01` (with or without time), `2019/03/14 10:11:12 AM
    /// GMT+1` (Google Forms), `03/14/2019 10:11:12 AM` and `7/10/14 18:37`
    /// (SurveyMonkey, Google Sheets in US English: month first), `14.03.2019`
    /// (day first), `1 oktober 2016`, `1 okt. 2016`, `March 14, 2019`.
    /// Slashed dates are read month first, as the US-English exports that
    /// write them mean; a first number above 12 makes them day first
    /// (`25/12/2019`). Two-digit years are 2000–2069 or 1970–1999.
    public static func date(_ s: String, slashed order: SlashedDateOrder = .monthFirst) -> Parsed<CalendarDate> {
        switch timestamp(s, slashed: order) {
        case .value(let t): .value(t.date)
        case .missing: .missing
        case .invalid: .invalid
        }
    }

    /// A date with optional time, in the forms listed at `date(_:)`.
    public static func timestamp(_ s: String, slashed order: SlashedDateOrder = .monthFirst) -> Parsed<LocalTimestamp> {
        let t = trim(s)
        if isMissingToken(t) { return .missing }
        var words = t.split(whereSeparator: { $0 == " " || $0 == "\u{00A0}" }).map(String.init)
        // ISO `T` separator.
        if words.count == 1, let tIndex = t.firstIndex(of: "T"), t.distance(from: t.startIndex, to: tIndex) == 10 {
            words = [String(t[..<tIndex]), String(t[t.index(after: tIndex)...])]
        }
        guard !words.isEmpty else { return .invalid }
        var consumed = 1
        var date = numericDate(words[0], order)
        if date == nil, let (d, n) = wordDate(words) { date = d; consumed = n }
        guard let day = date else { return .invalid }
        let rest = Array(words[consumed...])
        if rest.isEmpty { return .value(LocalTimestamp(date: day, hasTime: false)) }
        guard let time = timeOfDay(rest) else { return .invalid }
        return .value(LocalTimestamp(date: day, hour: time.h, minute: time.m, second: time.s, utcOffsetMinutes: time.offset))
    }

    private static func numericDate(_ w: String, _ order: SlashedDateOrder) -> CalendarDate? {
        for sep: Character in ["-", "/", "."] where w.contains(sep) {
            let p = w.split(separator: sep, omittingEmptySubsequences: false)
            guard p.count == 3, p.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCII) }),
                  let a = Int(p[0]), let b = Int(p[1]), let c = Int(p[2]) else { return nil }
            if p[0].count == 4 { return CalendarDate(year: a, month: b, day: c) }
            guard p[2].count == 4 || p[2].count == 2, sep != "-" || p[2].count == 4 else { return nil }
            let year = p[2].count == 2 ? (c < 70 ? 2000 + c : 1900 + c) : c
            if sep == "." || (sep == "-" && a > 12) { return CalendarDate(year: year, month: b, day: a) }
            if a > 12 || (order == .dayFirst && b <= 12) { return CalendarDate(year: year, month: b, day: a) }
            return CalendarDate(year: year, month: a, day: b)
        }
        if w.count == 8, w.allSatisfy(\.isASCII), let n = Int(w), w.hasPrefix("19") || w.hasPrefix("20") {
            return CalendarDate(year: n / 10000, month: n / 100 % 100, day: n % 100)
        }
        return nil
    }

    static let monthNames: [String: Int] = {
        var m: [String: Int] = [:]
        let sv = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"]
        let en = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
        for (i, names) in zip(sv, en).enumerated() {
            for n in [names.0, names.1, String(names.0.prefix(3)), String(names.1.prefix(3))] { m[n] = i + 1 }
        }
        m["sept"] = 9
        return m
    }()

    /// `1 oktober 2016`, `1 okt. 2016`, `March 14, 2019`, `14 Mar 2019`.
    private static func wordDate(_ w: [String]) -> (CalendarDate, Int)? {
        guard w.count >= 3 else { return nil }
        func clean(_ s: String) -> String { s.lowercased().trimmingCharacters(in: [".", ","]) }
        if let d = Int(clean(w[0])), let m = monthNames[clean(w[1])], let y = Int(clean(w[2])), w[2].count == 4 {
            return CalendarDate(year: y, month: m, day: d).map { ($0, 3) }
        }
        if let m = monthNames[clean(w[0])], let d = Int(clean(w[1])), let y = Int(clean(w[2])), w[2].count == 4 {
            return CalendarDate(year: y, month: m, day: d).map { ($0, 3) }
        }
        return nil
    }

    /// `13:45`, `13:45:00`, `10:11:12 AM`, `10:11:12 PM GMT+1`, `14:27:29Z`,
    /// `14:27:29+01:00`, `kl. 13.45`.
    private static func timeOfDay(_ words: [String]) -> (h: Int, m: Int, s: Int, offset: Int?)? {
        var w = words
        if w.first?.lowercased() == "kl." || w.first?.lowercased() == "kl" { w.removeFirst() }
        guard var clock = w.first else { return nil }
        w.removeFirst()
        var offset: Int?
        if clock.hasSuffix("Z") { clock.removeLast(); offset = 0 }
        if let plus = clock.lastIndex(where: { $0 == "+" || $0 == "-" }), clock.distance(from: clock.startIndex, to: plus) >= 4 {
            offset = zone(String(clock[plus...]))
            guard offset != nil else { return nil }
            clock = String(clock[..<plus])
        }
        let parts = clock.split(separator: clock.contains(":") ? ":" : ".", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), let h = Int(parts[0]), let m = Int(parts[1]), parts[1].count == 2 else { return nil }
        var s = 0
        if parts.count == 3 {
            let secText = parts[2].split(separator: ".").first ?? ""   // fractions of a second dropped
            guard secText.count == 2, let v = Int(secText) else { return nil }
            s = v
        }
        var hour = h
        if let ampm = w.first?.lowercased(), ["am", "pm", "a.m.", "p.m.", "fm", "em"].contains(ampm) {
            guard (1...12).contains(h) else { return nil }
            let pm = ampm.hasPrefix("p") || ampm == "em"
            hour = h % 12 + (pm ? 12 : 0)
            w.removeFirst()
        }
        if let z = w.first {
            guard let o = zone(z) else { return nil }
            offset = o
            w.removeFirst()
        }
        guard w.isEmpty, (0...23).contains(hour), (0...59).contains(m), (0...60).contains(s) else { return nil }
        return (hour, m, s, offset)
    }

    /// `GMT+1`, `UTC+01:00`, `+0100`, `-05:00`, `CET` is not known (nil).
    private static func zone(_ z: String) -> Int? {
        var t = z.uppercased()
        for p in ["GMT", "UTC"] where t.hasPrefix(p) { t.removeFirst(p.count) }
        if t.isEmpty || t == "Z" { return 0 }
        guard let sign = t.first, sign == "+" || sign == "-" else { return nil }
        let digits = t.dropFirst().replacingOccurrences(of: ":", with: "")
        guard !digits.isEmpty, digits.allSatisfy(\.isNumber), let n = Int(digits) else { return nil }
        let minutes = digits.count <= 2 ? n * 60 : (n / 100) * 60 + n % 100
        return sign == "-" ? -minutes : minutes
    }
}
