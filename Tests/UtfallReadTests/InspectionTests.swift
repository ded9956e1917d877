import Foundation
import Testing
import UtfallModel
import UtfallRead

@Suite struct InspectionTests {
    @Test func reportsFormatCountsProblemsAndTypes() throws {
        let i = try Inspection.run(path: fixture("swedish_excel_money.csv"))
        #expect(i.encoding == "utf-8")
        #expect(i.delimiter == ";")
        #expect(i.layout == "plain")
        #expect(i.dataRows == 3)
        #expect(i.columns.map(\.type) == ["text", "money", "money", "percent", "decimal", "date"])
        #expect(i.columns[1].examples == ["7 176 285 kr", "12 000:-"])
    }

    @Test func raggedAndUndecodableLinesAreListed() throws {
        let i = try Inspection.run(path: fixture("ragged_rows.csv"))
        #expect(i.rejectedRows == 2)
        #expect(i.problems.map(\.line) == [3, 4])
        #expect(i.problemCounts == ["ragged_row": 2])
        #expect(i.text.contains("line 3"))
        let j = try Inspection.run(path: fixture("invalid_utf8.csv"))
        #expect(j.problems.first?.kind == "invalid_encoding")
    }

    /// An export cut off inside a quote: the run fails on `export_cut_off`,
    /// so inspect, which an operator runs to see why, names it too.
    @Test func anExportCutOffIsNamed() throws {
        let path = temporaryFile(Array("A;B\n1;\"x\n2;y\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let i = try Inspection.run(path: path)
        #expect(i.problemCounts == ["unterminated_quote": 1, "export_cut_off": 1])
        #expect(i.problems.map(\.kind) == ["unterminated_quote", "export_cut_off"])
        #expect(i.problems.first?.column == 2)
        #expect(i.problems.first?.reason.contains("(1 more row, rejected with it)") == true)
        #expect(!i.text.contains("more\n"), "\(i.text)")
    }

    @Test func personalColumnsAreHidden() throws {
        let i = try Inspection.run(path: fixture("google_forms_swedish.csv"))
        #expect(i.columns[1].personal)
        #expect(i.columns[1].examples.isEmpty)
        #expect(i.text.contains("(personal, hidden)"))
        #expect(!i.text.contains("a@example.se"))
        #expect(!i.json.contains("a@example.se"))
        #expect(i.columns[0].type == "timestamp")
        let ms = try Inspection.run(path: fixture("microsoft_forms.csv"))
        #expect(ms.columns[3].personal && ms.columns[4].personal)
    }

    /// inspect shows examples of each column: a personnummer or phone
    /// number column is hidden like an e-mail column, and an address in a
    /// comment is shown removed.
    @Test func examplesKeepPersonalDataOut() throws {
        let path = temporaryFile(Array("Kurs;Nummer;Övrigt\nK1;19811218-9876;Mejla anna.svensson@example.se eller ring\nK2;070-123 45 67;Anna Svensson 850412-1234\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let i = try Inspection.run(path: path)
        #expect(i.columns[1].personal && i.columns[1].examples.isEmpty)
        #expect(!i.columns[2].personal)
        #expect(i.columns[2].examples.contains("Mejla [e-mail address removed] eller ri…"), "\(i.columns[2].examples)")
        for text in ["anna.svensson", "850412", "19811218", "070-123"] {
            #expect(!i.text.contains(text) && !i.json.contains(text), "\(text)")
        }
    }

    @Test func personalHeadersAndAddresses() {
        for h in ["E-post", "Email Address", "RecipientLastName", "Kontaktpersonens namn", "ResponseId", "Svars-ID",
                  "IP Address", "Personnummer", "Respondent ID", "Phone number", "Telefonnr", "Mobiltelefon", "Tel", "Tel.",
                  "Mobile phone", "Kontaktpersonens e-post", "Hemadress", "Personnr", "Elevens namn", "Deltagarnamn", "Förnamn",
                  "Namn", "Username",
                  // Names and addresses as form authors and Swedish platforms head them.
                  "Namn (frivilligt)", "Your name (optional)", "Vad heter du?", "Svarande", "Name of respondent",
                  "Namn på deltagare", "Deltagarens namn och klass", "IP-nummer", "Svarandens IP", "Remote IP", "Klient-IP",
                  "IPv4", "Respondent", "Användar-ID", "#", "Network ID", "Token",
                  "Mejl", "Mejladress", "Kontaktuppgifter", "Contact details", "Tfn", "Telefonnummer (om du vill bli kontaktad)",
                  "Student ID", "LIU-id", "Samordningsnummer", "Födelsedatum", "Namnteckning", "Underskrift",
                  "Skriv gärna ditt namn om du vill bli kontaktad"] {
            #expect(PersonalData.isPersonal(header: h), "\(h)")
        }
        for h in ["Kurs", "Kön", "Kommentar", "Course", "Project", "Q1", "Collector ID", "Start Date", "Telefonkontakten var bra",
                  "Hur nöjd är du med telefonkontakten med handläggaren?", "Kommun", "Insats", "Åldersgrupp",
                  // What the reports are about, named: not people.
                  "Projektnamn", "Kursnamn", "Kommunnamn", "Skolnamn", "Organisationsnamn", "Course name", "Project Name",
                  "Projektets namn", "Kursens namn", "Organisationens namn", "Namn på kursen", "Projektets namn (kort)",
                  "Name of the course", "Skolans namn", "Ipsum", "Tips", "Antal svarande", "Vet ej"] {
            #expect(!PersonalData.isPersonal(header: h), "\(h)")
        }
        // A pattern skips these too: "Q4 Namn (frivilligt)" was taken as a question, its names published as unknown answers.
        for h in ["Q4 Namn (frivilligt)", "Q5 Ditt namn (frivilligt)", "Q7 Your name (optional)"] {
            #expect(PersonalData.isPersonalName(header: h), "\(h)")
        }
        for h in ["Q1 Kursens namn var tydligt", "Hur nöjd är du med telefonkontakten?", "Q2 E-postkontakten fungerade"] {
            #expect(!PersonalData.isPersonalName(header: h), "\(h)")
        }
        #expect(PersonalData.isEmailAddress(" anna.berg@example.se "))
        #expect(!PersonalData.isEmailAddress("skriv till anna@example.se"))
        #expect(!PersonalData.isEmailAddress("@anna"))
    }

    /// An invisible character in a header is shown when the header is named
    /// as the closest one: "closest: 'Kurs'" would hide why it did not match.
    @Test func invisibleCharactersAreShownInColumnMessages() {
        let r = ColumnResolver(columns: [Column(index: 0, id: "Kurs\u{200B}", text: "Kurs\u{200B}")], file: "f.csv")
        do {
            _ = try r.resolve("Kursnamn")
            Issue.record("resolved")
        } catch {
            #expect("\(error)".contains("closest available: 'Kurs\\u{200B}'"), "\(error)")
        }
    }

    @Test func personnummerAndPhoneNumbersAreKnownWithoutTakingAmounts() {
        for v in ["850412-1230", "19850412-1234", "198504121230", "8504121230", "121212+1212", " 850472-1230 "] {
            #expect(PersonalData.personalValue(v) == "personnummer", "\(v)")
        }
        for v in ["070-123 45 67", "0701234567", "+46 70 123 45 67", "08-123 456 78", "(08) 123 456 78", "0046 70 123 45 67", "0046701234567"] {
            #expect(PersonalData.personalValue(v) == "phone number", "\(v)")
        }
        // Amounts, counts, codes and dates as the inputs write them.
        for v in ["7 176 285", "38 374 980", "7176285000", "8504121231", "0,5", "0.25", "2024-04-12", "1 227", "62 %", "11,8",
                  "850412-1230 kr", "12345678", "-", "00012345", "00012346", "01-09-2023", "15-09-2023", "2023-09-01",
                  "556677-8899"] {
            #expect(PersonalData.personalValue(v) == nil, "\(v)")
        }
        #expect(PersonalData.personalValue("Anna@Example.SE") == "e-mail address")
        // Network addresses the platforms log, not amounts or versions of three parts.
        #expect(PersonalData.personalValue("192.168.10.4") == "IP address")
        // A rejected row's timestamp is kept; a number of nine digits is not.
        #expect(PersonalData.shownAnswer("2024-03-01 14:50:54") == "2024-03-01 14:50:54")
        #expect(PersonalData.shownAnswer("2024-03-01 - 2024-03-05") == "2024-03-01 - 2024-03-05")
        #expect(PersonalData.shownAnswer("kund 123 456 789") == "kund [number removed]")
        #expect(PersonalData.shown("från 81.233.4.120 kl 14") == "från [IP address removed] kl 14")
        for v in ["1.234.567", "12.345.678.901", "256.1.1.1", "2024.03.05", "1.2.3"] {
            #expect(PersonalData.personalValue(v) == nil, "\(v)")
            #expect(PersonalData.shown(v) == v, "\(v)")
        }
        // In logs and unknown answers, also within a sentence.
        #expect(PersonalData.shown("Ring mig: Bertil Berg 070-123 45 67") == "Ring mig: Bertil Berg [phone number removed]")
        #expect(PersonalData.shown("pnr 19850412-1234, mejla b.berg@x.se!") == "pnr [personnummer removed], mejla [e-mail address removed]!")
        #expect(PersonalData.shown("Stämmer helt 2024") == "Stämmer helt 2024")
        // Written so that harvesters miss them, and a mobile number without its +.
        #expect(PersonalData.shown("mejla anna(at)example.se eller b.berg [at] skola [dot] se") == "mejla [e-mail address removed] eller [e-mail address removed]")
        // Without a digit too; these were shown until 0.11.0, which looked only for "at)".
        #expect(PersonalData.shown("mejla anna (snabel-a) skola.se") == "mejla [e-mail address removed]")
        #expect(PersonalData.shown("mejla b.berg ( at ) skola.se") == "mejla [e-mail address removed]")
        #expect(PersonalData.shown("Kurs 017 (vår)") == "Kurs 017 (vår)")
        #expect(PersonalData.shown("Ring 46701234567 eller 46 70-123 45 67") == "Ring [phone number removed] eller [phone number removed]")
        #expect(PersonalData.personalValue("46701234567") == "phone number")
        #expect(PersonalData.shown("Vi var (at) skolan, Kostnad 46 000 000 kr") == "Vi var (at) skolan, Kostnad 46 000 000 kr")
        #expect(PersonalData.shown("Kostade 7 176 285 kr") == "Kostade 7 176 285 kr")
        // Times, ranges and organisation numbers in a sentence are left alone.
        for text in ["2023-01-15 10:30", "20 000-30 000 kr", "Org.nr 556677-8899", "kl. 08.30-12.00", "v. 12-14 2024"] {
            #expect(PersonalData.shown(text) == text, "\(text)")
        }
        #expect(PersonalData.shown("ring (08) 123 456 78 eller 850101 1234") == "ring [phone number removed] eller [personnummer removed]")
        // At the end of a sentence, and without a separator when the check digit holds.
        #expect(PersonalData.shown("pnr: 811218-9876.") == "pnr: [personnummer removed].")
        #expect(PersonalData.shown("personnr 198112189876, tack") == "personnr [personnummer removed], tack")
        #expect(PersonalData.shown("pnr:8504121230") == "pnr:[personnummer removed]")
        // The ways people type them: dashes of every kind, no-break spaces, dots, slashes, labels.
        for v in ["850412–1230", "19850412—1230", "850412−1230", "850412\u{00A0}1230", "85.04.12-1230", "85-04-12-1230", "850412/1230",
                  "850412 - 1230", "pnr.850412-1230"] {
            #expect(!PersonalData.shown("Jag: \(v) tack").contains("1230"), "\(v)")
        }
        for v in ["tel:070-123 45 67", "mobil:0701234567", "Tel.070-1234567", "+46 (0)70-123 45 67", "(+46) 70 123 45 67",
                  "070–123 45 67", "070/123 45 67", "070.123.45.67", "070 - 123 45 67", "ring 070\u{00A0}123\u{00A0}45\u{00A0}67",
                  // A label glued to an international number; two spaces between groups.
                  "tel:+46 70-123 45 67", "ring 070-123  45 67"] {
            #expect(!PersonalData.shown("Nås på \(v) kväll").contains("45"), "\(v)")
        }
        for v in ["anna @ skola.se", "mejla anna@skolå.se", "ÅÄÖ@skola.se"] { #expect(!PersonalData.shown(v).contains("skol"), "\(v)") }
        // Still not: amounts, dates and times, organisation numbers.
        for text in ["Kostade 1 234 567 kr", "2023-01-15 10:30", "Org.nr 556677-8899", "v. 12-14 2024", "kl. 08.30-12.00"] {
            #expect(PersonalData.shown(text) == text, "\(text)")
        }
        #expect(PersonalData.shown("ring 0046 70 123 45 67") == "ring [phone number removed]")
        #expect(PersonalData.shown("Ring mig på 070-123 45 67.") == "Ring mig på [phone number removed].")
        // Codes of eight digits are not phone numbers.
        #expect(PersonalData.shown("kurs SFI 0101 2023") == "kurs SFI 0101 2023")
    }

    @Test func jsonRoundTrips() throws {
        let i = try Inspection.run(path: fixture("exports/qualtrics/qualtrics-2017-german-labels-redacted.csv"))
        let back = try JSONDecoder().decode(Inspection.self, from: Data(i.json.utf8))
        #expect(back.dataRows == 1)
        #expect(back.headerRows == 3)
        #expect(back.columns.count == 20)
    }

    @Test func problemsAreCappedAtTwenty() throws {
        var text = "a,b\n"
        for k in 0..<30 { text += k % 2 == 0 ? "1\n" : "1,2\n" }
        let path = temporaryFile(Array(text.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let i = try Inspection.run(path: path)
        #expect(i.rejectedRows == 15)
        #expect(i.problems.count == 15)
        var more = "a,b\n" + String(repeating: "1\n", count: 25)
        more += "1,2\n"
        let p2 = temporaryFile(Array(more.utf8))
        defer { try? FileManager.default.removeItem(atPath: p2) }
        let j = try Inspection.run(path: p2)
        #expect(j.problems.count == 20)
        #expect(j.rejectedRows == 25)
        #expect(j.text.contains("… and 5 more"))
    }

    @Test func excelWorkbookGetsTheClearMessage() {
        do {
            _ = try Inspection.run(path: fixture("exports/google-forms/rstudio-2019-spanish-responses.xlsx"))
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("is an Excel workbook (.xlsx)"))
        }
    }
}
