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
    ]

    /// Words that make a short header personal wherever they stand
    /// ("Phone number", "Mobile phone", "Kontaktpersonens e-post"). Whole
    /// words of short headers only: "Telefonkontakten var bra" and "Hur
    /// nöjd är du med telefonkontakten?" are not columns of phone numbers.
    static let words: Set<String> = [
        "telefon", "telefonnr", "telefonnummer", "mobiltelefon", "mobiltelefonnummer", "mobil", "mobilnr", "mobilnummer",
        "phone", "telephone", "cellphone", "mobile", "tel", "telnr", "epost", "epostadress", "email", "emailaddress", "mail",
        "mailadress", "personnummer", "personnr", "adress", "address", "hemadress", "postadress", "gatuadress",
    ]

    /// Whether a column's id or text names personal data ("E-post",
    /// "Email Address", "RecipientLastName", "Kontaktpersonens namn").
    public static func isPersonal(header: String) -> Bool {
        let collapsed = header.lowercased().filter { $0.isLetter }
        if names.contains(collapsed) { return true }
        if collapsed.count <= 24 && ["name", "namn"].contains(where: { collapsed.hasSuffix($0) }) { return true }
        let inWords = header.lowercased().split(whereSeparator: { $0.isWhitespace || $0 == "_" || $0 == "/" }).map { $0.filter(\.isLetter) }
        return inWords.count <= 5 && inWords.contains { words.contains($0) }
    }

    /// Whether a whole value (spaces around it aside) reads as an e-mail address.
    public static func isEmailAddress(_ raw: String) -> Bool {
        let v = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        return v.contains("@") && v.contains(".") && !v.contains(" ")
    }

    /// Text from a respondent as utfall may repeat it (logs, unknown
    /// answers): an e-mail address typed where an answer belongs is not shown.
    public static func shown(_ answer: String) -> String {
        isEmailAddress(answer) ? "[e-mail address removed]" : answer
    }
}
