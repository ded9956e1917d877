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
    ]

    /// Whether a column's id or text names personal data ("E-post",
    /// "Email Address", "RecipientLastName", "Kontaktpersonens namn").
    public static func isPersonal(header: String) -> Bool {
        let collapsed = header.lowercased().filter { $0.isLetter }
        if names.contains(collapsed) { return true }
        return collapsed.count <= 24 && ["email", "emailaddress", "epost", "epostadress", "name", "namn"].contains { collapsed.hasSuffix($0) }
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
