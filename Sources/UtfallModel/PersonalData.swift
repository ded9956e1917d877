import Foundation

/// Recognises columns and values that identify a person, so that they are
/// kept out of what utfall shows (`inspect` examples) and writes beside its
/// reports (`rejects.csv`) even when a pipeline does not declare them.
public enum PersonalData {
    /// Header names (letters only, lower case) of columns survey platforms
    /// fill with names, contact details, addresses or respondent ids.
    static let names: Set<String> = [
        "email", "emailaddress", "epost", "epostadress", "mail", "mailadress", "name", "namn", "fullname", "fornamn",
        "förnamn", "efternamn", "firstname", "lastname", "surname", "recipientemail", "recipientfirstname",
        "recipientlastname", "ipaddress", "ipadresse", "ipadress", "personnummer", "phone", "telefon", "mobil",
        "mobilnummer", "telefonnummer", "respondentemail", "locationlatitude", "locationlongitude",
        "responseid", "respondentid", "svarsid", "externalreference", "externaldatareference",
        "tel", "telnr", "mobilnr", "pnr", "personnr", "adress", "address", "gatuadress", "postadress", "hemadress",
        "streetaddress", "ssn", "ip",
        // Respondents' ids and network addresses (esMaker's and Sunet's
        // `Respondent`, Typeform's `Network ID` and `Token`).
        "respondent", "svarande", "respondentnamn", "userid", "användarid", "anvandarid", "networkid", "token",
        "ipnummer", "ipv", "remoteip", "remoteaddr", "clientip", "klientip",
        "studentid", "elevid", "deltagarid", "personid", "memberid", "kundid", "customerid", "liuid", "studentnummer",
        "contactdetails", "contactinformation", "contactinfo", "kontaktinformation", "kontaktinfo",
        // People named by their role in a project or course index.
        "kontaktperson", "kontakt", "projektledare", "kursansvarig", "kursledare", "handledare", "handläggare",
        "ansvarig", "ansvarigperson", "lärare", "contactperson", "contact", "projectmanager", "projectleader",
        "coursemanager", "teacher", "instructor",
    ]

    /// Words that make a short header personal wherever they stand
    /// ("Phone number", "Mobile phone", "Kontaktpersonens e-post"). Whole
    /// words of short headers only: "Telefonkontakten var bra" and "Hur
    /// nöjd är du med telefonkontakten?" are not columns of phone numbers.
    static let words: Set<String> = [
        "telefon", "telefonnr", "telefonnummer", "mobiltelefon", "mobiltelefonnummer", "mobil", "mobilnr", "mobilnummer",
        "phone", "telephone", "cellphone", "mobile", "tel", "telnr", "epost", "epostadress", "email", "emailaddress", "mail",
        "mailadress", "personnummer", "personnr", "adress", "address", "hemadress", "postadress", "gatuadress", "ip", "ipv",
        "mejl", "mejladress", "tfn", "kontaktuppgifter", "kontaktuppgift", "samordningsnummer", "födelsedatum",
        "fodelsedatum", "birthdate", "namnteckning", "underskrift", "signature",
    ]

    /// Words that name a person's name ("Namn (frivilligt)", "Name of
    /// respondent", "Deltagarens namn och klass") unless the header names a
    /// thing beside them ("Namn på kursen", "Kursens namn").
    static let nameWords: Set<String> = ["namn", "name", "names", "namnet"]

    /// Whether a header is one of the names platforms give personal columns
    /// ("E-post", "Email Address", "RecipientLastName", "ResponseId",
    /// "Kontaktpersonens namn"): the strict test, for choices a column's
    /// name alone decides (a `match:` pattern skips these). `isPersonal`
    /// adds short headers that mention such data.
    public static func isPersonalName(header: String) -> Bool {
        let collapsed = header.lowercased().filter { $0.isLetter }
        if names.contains(collapsed) { return true }
        // Typeform's `#`: each respondent's token.
        if header.trimmingCharacters(in: .whitespaces) == "#" { return true }
        // A person's name asked in words: "Namn (frivilligt)", "Q4 Ditt namn",
        // "Name of respondent", "Vad heter du?"; not "Namn på kursen".
        let pieces = header.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
        // Longer when it asks for the respondent's own ("Skriv gärna ditt namn om du vill bli kontaktad").
        let own = pieces.contains { ["ditt", "er", "ert", "your"].contains($0) }
        if pieces.count <= (own ? 10 : 6) {
            if pieces.contains(where: nameWords.contains) && !pieces.contains(where: isThing) { return true }
            if pieces.contains("heter") && (pieces.contains("du") || pieces.contains("ni")) { return true }
        }
        guard collapsed.count <= 24, let suffix = ["name", "namn"].first(where: { collapsed.hasSuffix($0) }) else { return false }
        // "Elevens namn", "Deltagarnamn" name people; "Projektnamn",
        // "Kursnamn" and "Kommunnamn" name what the reports are about.
        return !thingNames.contains(String(collapsed.dropLast(suffix.count)))
    }

    /// What a `…namn`/`…name` column names when it is not a person.
    static let thingNames: Set<String> = [
        "projekt", "projekts", "kurs", "kurse", "skol", "skolans", "kommun", "kommunens", "organisation", "organisations",
        "företag", "företags", "verksamhet", "verksamhets", "enhet", "enhets", "program", "programmets", "utbildning",
        "utbildnings", "insats", "insatsens", "aktivitet", "aktivitets", "fil", "ort", "läns", "region", "regionens",
        "stad", "land", "produkt", "enkät", "enkätens", "fråga", "blad", "arbetsplats", "arbetsplatsens",
        "projektets", "kursens", "företagets", "organisationens", "enhetens", "aktivitetens", "verksamhetens",
        "utbildningens", "länets", "ortens", "stadens", "produktens", "filens", "frågans",
        "project", "projects", "course", "school", "company", "organisation", "organization", "file", "programme",
        "activity", "unit", "city", "country", "product", "event", "survey", "question", "sheet", "column", "municipality",
    ]

    /// Whether a column's id or text names personal data ("E-post",
    /// "Email Address", "RecipientLastName", "Kontaktpersonens namn").
    public static func isPersonal(header: String) -> Bool {
        if isPersonalName(header: header) { return true }
        let lower = header.lowercased()
        let inWords = lower.split(whereSeparator: { $0.isWhitespace || $0 == "_" || $0 == "/" }).map { $0.filter(\.isLetter) }
        // A header that starts with one ("Telefonnummer (om du vill bli kontaktad)") at any length.
        if let first = inWords.first, words.contains(first) { return true }
        guard inWords.count <= 5 else { return false }
        // Hyphens too, but as well as whole: `Klient-IP` is a client's IP,
        // `E-post` stays one word.
        let pieces = lower.split(whereSeparator: { !$0.isLetter }).map(String.init)
        return inWords.contains(where: words.contains) || pieces.contains(where: words.contains)
    }

    /// Whether a word names what reports are about (`kursen`, `projektets`,
    /// `course`), in any of its Swedish forms.
    static func isThing(_ word: String) -> Bool {
        if thingNames.contains(word) { return true }
        return ["en", "et", "ens", "ets", "n", "t", "s", "ns", "ts", "an", "ans", "na", "er", "erna"].contains { ending in
            word.count > ending.count + 2 && word.hasSuffix(ending) && thingNames.contains(String(word.dropLast(ending.count)))
        }
    }

    /// Whether a whole value (spaces around it aside) reads as an e-mail address.
    public static func isEmailAddress(_ raw: String) -> Bool {
        let v = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        return v.contains("@") && v.contains(".") && !v.contains(" ")
    }

    /// What a whole value is, when it identifies a person: `e-mail address`,
    /// `IP address`, `personnummer` or `phone number`; nil otherwise.
    public static func personalValue(_ raw: String) -> String? {
        if isEmailAddress(raw) { return "e-mail address" }
        let v = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if isIPv4Address(v) { return "IP address" }
        guard v.count >= 8, v.count <= 20, v.first == "+" || v.first == "(" || v.first?.isNumber == true else { return nil }
        if isPersonnummer(v) { return "personnummer" }
        if isPhoneNumber(v) { return "phone number" }
        return nil
    }

    /// Four numbers of 0 to 255 joined by dots (`192.168.10.4`), as survey
    /// platforms log where an answer came from. Amounts with dots between
    /// thousands have groups of three digits above 255 or fewer groups.
    static func isIPv4Address(_ v: String) -> Bool {
        let parts = v.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { p in
            (1...3).contains(p.count) && p.allSatisfy { $0.isASCII && $0.isNumber } && Int(p)! <= 255 && (p.count == 1 || p.first != "0")
        }
    }

    /// `YYMMDD-NNNN` or `YYYYMMDD-NNNN` (`+` for those over 100) with a
    /// real month and day (or a samordningsnummer's day + 60); without the
    /// separator, also a valid check digit: an amount or an id of ten or
    /// twelve digits is almost never all three.
    static func isPersonnummer(_ v: String) -> Bool {
        let bytes = Array(plain(v).utf8)
        // Separators as people type them: `850412-1230`, `850412 - 1230`,
        // `85-04-12-1230`, `85.04.12-1230`, `850412/1230`.
        let separators: Set<UInt8> = [UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: " "), UInt8(ascii: "."), UInt8(ascii: "/")]
        guard bytes.allSatisfy({ ($0 >= 48 && $0 <= 57) || separators.contains($0) }) else { return false }
        let digits = bytes.filter { $0 >= 48 && $0 <= 57 }
        let separated = digits.count != bytes.count
        guard digits.count == 10 || digits.count == 12 else { return false }
        // Separators only where a personnummer has them: a phone number's
        // `070-123 45 67` has ten digits and a date in them too.
        let runs = bytes.split(whereSeparator: { separators.contains($0) }).map(\.count)
        guard [[10], [12], [6, 4], [8, 4], [2, 2, 2, 4], [4, 2, 2, 4]].contains(runs) else { return false }
        let d = digits.suffix(10).map { Int($0) - 48 }
        let month = d[2] * 10 + d[3], day = d[4] * 10 + d[5]
        guard (1...12).contains(month), (1...31).contains(day) || (61...91).contains(day) else { return false }
        if separated { return true }
        var sum = 0
        for (i, x) in d.enumerated() {
            let y = i % 2 == 0 ? x * 2 : x
            sum += y > 9 ? y - 9 : y
        }
        return sum % 10 == 0
    }

    /// A Swedish or international phone number as people type them:
    /// `070-123 45 67`, `08-123 456 78`, `(08) 123 456 78`,
    /// `+46 70 123 45 67`, `0046 70 123 45 67`, `0701234567`,
    /// `46701234567`. It starts
    /// with `+`, `00` and a country code, or `0` and an area code (not
    /// `000`: zero-padded codes such as `00012345`), holds 9 to 15 digits
    /// with only spaces, hyphens and brackets between them, and is not a
    /// date (`01-09-2023`).
    static func isPhoneNumber(_ v: String) -> Bool {
        let plain = Self.plain(v).replacingOccurrences(of: "(0)", with: "").filter { $0 != "(" && $0 != ")" }
        func nonZero(at i: Int) -> Bool { plain.dropFirst(i).first.map { $0 >= "1" && $0 <= "9" } == true }
        // A Swedish mobile number with its country code but no `+` (`46701234567`).
        let bare = plain.filter { $0 != " " && $0 != "-" }
        if bare.count == 11, bare.hasPrefix("467"), "02369".contains(bare[bare.index(bare.startIndex, offsetBy: 3)]), bare.allSatisfy(\.isNumber) { return true }
        let international = plain.first == "+" || (plain.hasPrefix("00") && nonZero(at: 2))
        guard international || (plain.first == "0" && nonZero(at: 1)) else { return false }
        var digits = 0
        for (i, c) in plain.enumerated() {
            if c.isASCII && c.isNumber { digits += 1; continue }
            if c == "+" && i == 0 { continue }
            if c == " " || c == "-" || c == "." || c == "/" { continue }
            return false
        }
        // Nine digits at least: Swedish numbers with their area code have
        // nine or ten; eight-digit runs are mostly codes ("SFI 0101 2023").
        return (9...15).contains(digits) && !isDate(plain)
    }

    /// `01-09-2023`, `1/9/2023`, `2023-09-01`: dates are not phone numbers.
    static func isDate(_ v: String) -> Bool {
        let parts = v.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." }).map(String.init)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { return false }
        let lengths = parts.map(\.count)
        return lengths == [4, 2, 2] || (lengths[0] <= 2 && lengths[1] <= 2 && (lengths[2] == 4 || lengths[2] == 2))
    }

    /// Text from a respondent as utfall may repeat it (logs, unknown
    /// answers, group names): e-mail addresses, personnummer and phone
    /// numbers in it are not shown, whole or within a sentence.
    public static func shown(_ answer: String) -> String {
        if let kind = personalValue(answer) { return "[\(kind) removed]" }
        guard mayHoldPersonalData(answer) else { return answer }
        var out = answer
        for (pattern, kind) in inText {
            // Candidates the pattern finds in a plain copy, kept only if they
            // pass the same checks as a whole value: an organisation number
            // (556677-8899) has no month 66, "2023-01-15 10:30" is no phone
            // number. The copy has the original's UTF-16 length, so its
            // ranges are the original's.
            let probe = plain(out)
            let ns = probe as NSString
            let found = pattern.matches(in: probe, range: NSRange(location: 0, length: ns.length))
                .filter { confirms(kind, ns.substring(with: $0.range)) }
            for m in found.reversed() {
                out = (out as NSString).replacingCharacters(in: m.range, with: "[\(kind) removed]")
            }
        }
        return out
    }

    /// The text as the patterns read it, of the same UTF-16 length: dashes
    /// and minus signs as `-`, no-break and narrow spaces as ` `, and the
    /// `:` or `.` of a label glued to a number (`tel:070…`, `pnr.8504…`) as a
    /// space, so that the ways people type numbers are one way here.
    static func plain(_ s: String) -> String {
        var units = Array(s.utf16)
        for i in units.indices {
            switch units[i] {
            case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2212: units[i] = 0x2D
            case 0x00A0, 0x2007, 0x202F: units[i] = 0x20
            case 0x3A, 0x2E:
                if i > 0, i + 1 < units.count, let before = Unicode.Scalar(units[i - 1]), before.properties.isAlphabetic,
                   units[i + 1] >= 0x30 && units[i + 1] <= 0x39 || units[i + 1] == 0x2B { units[i] = 0x20 }
            default: break
            }
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// An answer typed where a scale's label or an option belongs, as
    /// unknown_labels.csv and the log repeat it: besides what `shown`
    /// removes, any run of nine or more digits goes (a personnummer with a
    /// wrong check digit, `85-04-12-1234`), since no label is such a number.
    public static func shownAnswer(_ answer: String) -> String {
        let out = shown(firstLine(answer))
        guard out.filter(\.isNumber).count >= 9 else { return out }
        var ns = out as NSString
        for m in longNumber.matches(in: out, range: NSRange(location: 0, length: ns.length)).reversed() {
            let after = m.range.upperBound < ns.length ? ns.substring(with: NSRange(location: m.range.upperBound, length: 1)) : ""
            if isDateOrTime(ns.substring(with: m.range), followedBy: after) { continue }
            ns = ns.replacingCharacters(in: m.range, with: "[number removed]") as NSString
        }
        return ns as String
    }

    /// A timestamp's date and hour (`2024-03-01 14` before `:50:54`) or two
    /// dates (`2024-03-01 - 2024-03-05`): an export's own figures, which
    /// find the answer in the survey tool, not a person's number.
    static func isDateOrTime(_ digits: String, followedBy next: String) -> Bool {
        let runs = digits.split(whereSeparator: { $0 == " " || $0 == "-" }).map(\.count)
        return (runs == [4, 2, 2, 2] || runs == [4, 2, 2, 1]) && next == ":" || runs == [4, 2, 2, 4, 2, 2]
    }

    /// A value's first line, and how many lines were left out: an answer
    /// or a figure never spans lines, so its later lines are rows a stray
    /// quote swallowed (someone else's name among them), not the answer.
    public static func firstLine(_ value: String) -> String {
        guard let cut = value.firstIndex(where: \.isNewline) else { return value }
        let more = value[cut...].split(whereSeparator: \.isNewline).count
        return String(value[..<cut]) + " [\(more) more line\(more == 1 ? "" : "s") removed]"
    }

    /// Whether any of the in-text patterns could match: an `@`, a closing
    /// bracket after an `at`/`snabel-a` (`anna(at)skola.se`), or four digits
    /// (the fewest a pattern needs: an IP address). A scan that spares the
    /// six expressions for most text: group names are judged once per name
    /// and read part, and the expressions cost more than the rest.
    static func mayHoldPersonalData(_ text: String) -> Bool {
        var digits = 0
        var previous: Unicode.Scalar = " "
        for c in text.unicodeScalars {
            switch c {
            case "@": return true
            case ")", "]", "}":
                // "at)", "snabel-a)", and the same with a space before the bracket.
                if previous == "a" || previous == "A" || previous == "t" || previous == "T" { return true }
            case "0"..."9":
                digits += 1
            default:
                if c.value >= 0x80 && c.properties.generalCategory == .decimalNumber { digits += 1 }
            }
            if digits >= 4 { return true }
            switch c {
            case " ", "\u{A0}", "\u{2007}", "\u{202F}": break  // the spaces `plain` turns into " "
            default: previous = c
            }
        }
        return false
    }

    private static let longNumber = try! NSRegularExpression(pattern: #"\d(?:[ \-]{0,3}\d){8,}"#)

    /// Whether text holds an e-mail address, a personnummer or a phone
    /// number anywhere (a free breakdown's value "Anna 070-123 45 67").
    public static func mentionsPersonalData(_ text: String) -> Bool {
        shown(text) != text
    }

    private static func confirms(_ kind: String, _ text: String) -> Bool {
        switch kind {
        case "personnummer": isPersonnummer(text)
        case "phone number": isPhoneNumber(text.trimmingCharacters(in: .whitespaces))
        case "IP address": isIPv4Address(text)
        default: true
        }
    }

    private static let inText: [(NSRegularExpression, String)] = [
        (#"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d]|\.\d)"#, "IP address"),
        (#"[\p{L}\p{N}._%+\-]+ ?@ ?[\p{L}\p{N}\-]+(\.[\p{L}\p{N}\-]+)*\.\p{L}{2,}"#, "e-mail address"),
        // Written so that harvesters miss it: `anna(at)example.se`, `anna [at] skola [dot] se`.
        (#"[\p{L}\p{N}._%+\-]+ ?[(\[{] ?(?i:at|snabel-?a) ?[)\]}] ?[\p{L}\p{N}\-]+(?:(?:\.| ?[(\[{] ?(?i:dot|punkt) ?[)\]}] ?)[\p{L}\p{N}\-]+)+"#, "e-mail address"),
        // Ends: a full stop or comma after the number ends a sentence; one
        // followed by a digit continues a number or a time.
        // "pnr:8504121230" too: without a separator only a valid check digit confirms it.
        (#"(?<![\d\-./])(19|20)?\d{2}[-.]?\d{2}[-.]?\d{2}(?: ?[-+/.] ?| )?\d{4}(?!\d)(?![.:\-]\d)"#, "personnummer"),
        // Groups apart by a separator or by one or two spaces (`070-123  45 67`).
        (#"(?<![\w+\-:./(])(\+\d{2}[ -]?(\(0\) ?)?|\(\+\d{2}\) ?|00[1-9]\d[ -]?|\(0\d{1,3}\) ?|0)\d{1,3}(?: ?[-./] ?| {1,2})?\d{2,3}((?: ?[-./] ?| {1,2})?\d{2,3}){1,3}(?!\d)(?![.:\-]\d)"#, "phone number"),
        // A Swedish mobile number in international form without its `+`: `46701234567`.
        (#"(?<![\w+\-:./(])46 ?7[02369](?:[ -]?\d){7}(?!\d)(?![.:\-]\d)"#, "phone number"),
    ].map { (try! NSRegularExpression(pattern: $0.0), $0.1) }
}
