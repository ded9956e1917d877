import Foundation
import Testing
import UtfallModel
@testable import UtfallRead

@Suite struct ColumnResolverTests {
    let columns = [
        Column(index: 0, id: "Q1", text: "Hur nöjd är du med kursen?"),
        Column(index: 1, id: "Projekt", text: "Projekt"),
        Column(index: 2, id: "Kostnad (kr)", text: "Kostnad (kr)"),
        Column(index: 3, id: "Deltagare", text: "Deltagare"),
        Column(index: 4, id: "Kön", text: "Kön"),
        Column(index: 5, id: "dup", text: "Samma"),
        Column(index: 6, id: "dup", text: "Samma"),
    ]
    var resolver: ColumnResolver { ColumnResolver(columns: columns, file: "enkät.csv") }

    @Test func byIdOrTextIgnoringCaseAndSpacing() throws {
        #expect(try resolver.resolve("q1").index == 0)
        #expect(try resolver.resolve("  HUR nöjd\u{00A0}är  du med\u{202F}kursen? ").index == 0)
        #expect(try resolver.resolve("kostnad (KR)").index == 2)
    }

    /// Qualtrics' embedded data `Kurs` (id and text) beside question Q7
    /// whose text is `Kurs`: the name fits both, and the id used to win
    /// without a word.
    @Test func aNameThatIsOneColumnsIdAndAnothersTextIsAmbiguous() throws {
        let r = ColumnResolver(columns: [Column(index: 0, id: "ResponseId", text: "Response ID"), Column(index: 1, id: "Kurs", text: "Kurs"),
                                         Column(index: 2, id: "Q7", text: "Kurs")], file: "q.csv")
        #expect(throws: ColumnError.ambiguous(wanted: "Kurs", file: "q.csv", positions: [2, 3])) { try r.resolve("Kurs") }
        #expect(try r.resolve("Q7").index == 2)
        #expect(try r.resolve("Response ID").index == 0 && r.resolve("responseid").index == 0)
    }

    @Test func unicodeNormalizationInsensitive() throws {
        // "Kön" written with a combining diaeresis (NFD).
        #expect(try resolver.resolve("Ko\u{0308}n").index == 4)
    }

    @Test func aliases() throws {
        #expect(try resolver.resolve("Budget|Kostnad (kr)").index == 2)
        #expect(try resolver.resolve(anyOf: ["Antal", "deltagare"]).index == 3)
    }

    @Test func missingColumnNamesFileAndClosest() {
        do {
            _ = try resolver.resolve("Deltagar")
            Issue.record("resolved a missing column")
        } catch {
            let text = error.description
            #expect(text.contains("'Deltagar'"))
            #expect(text.contains("enkät.csv"))
            #expect(text.contains("'Deltagare'"))
            guard case .missing(_, _, let closest, false) = error else { Issue.record("wrong case"); return }
            #expect(closest.count == 3)
            #expect(closest.first == "Deltagare")
        }
    }

    /// A renamed column ("Kurs" now "Kursnamn") is the first suggestion,
    /// though "Kön" is closer by edit distance.
    @Test func aColumnHoldingTheNameIsSuggestedFirst() {
        let r = ColumnResolver(columns: ["Kön", "A1", "A2", "Kursnamn"].enumerated().map { Column(index: $0, id: $1, text: $1) }, file: "e.csv")
        #expect(r.closest(to: "Kurs").first == "Kursnamn")
        #expect(r.closest(to: "Kön").first == "Kön")
    }

    /// A header read as one column says what is likely wrong: the
    /// delimiter or the encoding, not the name.
    @Test func aHeaderReadAsOneColumnPointsAtDelimiterOrEncoding() {
        let one = ColumnResolver(columns: [Column(index: 0, id: "Kurs,Kön,F1", text: "Kurs,Kön,F1")], file: "enkät.csv")
        #expect {
            try one.resolve("Kurs")
        } throws: { error in
            let text = "\(error)"
            return text.contains("reads as one single column ('Kurs,Kön,F1')") && text.contains("delimiter or encoding")
                && text.contains("utfall inspect enkät.csv")
        }
        // A file that really has one column gets the usual answer.
        let real = ColumnResolver(columns: [Column(index: 0, id: "Kurs", text: "Kurs")], file: "enkät.csv")
        #expect {
            try real.resolve("Kön")
        } throws: { error in
            "\(error)".contains("closest available: 'Kurs'") && !"\(error)".contains("single column")
        }
    }

    @Test func duplicatesAreAmbiguous() {
        #expect(throws: ColumnError.ambiguous(wanted: "dup", file: "enkät.csv", positions: [6, 7])) {
            try resolver.resolve("dup")
        }
    }
}

@Suite struct QualtricsImportIdTests {
    /// Qualtrics keeps its internal question id in the third header row; a
    /// pipeline that names it keeps working when someone renames the tag.
    @Test func columnsAnswerToTheirImportId() throws {
        let path = fixture("exports/qualtrics/qualtrics-2016-insights-matrix.csv")
        let reader = try TableReader(path: path)
        let r = ColumnResolver(columns: reader.columns, file: path)
        let byTag = try r.resolve("Q2_1")
        let byImport = try r.resolve("QID2-1")
        #expect(byTag.index == byImport.index)
        #expect(byImport.importId == "QID2-1")
        // The docs' newer form finds the 2016 export's column too.
        #expect(try r.resolve("QID2_1").index == byImport.index)
        #expect(reader.columns[0].importId == "responseId")
    }

    @Test func importIdIsReadFromJSONAndPythonStyle() {
        #expect(LayoutDetection.importID(#"{"ImportId":"QID12_3"}"#) == "QID12_3")
        #expect(LayoutDetection.importID(#"{'ImportId': 'QID2-1'}"#) == "QID2-1")
        #expect(LayoutDetection.importID(#"{"ImportId":"QID5","choiceId":"2"}"#) == "QID5")
        #expect(LayoutDetection.importID("Q1") == nil)
    }
}

@Suite struct CodeDotTextHeaderTests {
    /// `A1. Jag kan mer svenska.` is read as id `A1` with its text; a pipeline
    /// that copies the header as printed still finds the column.
    @Test func theWholeHeaderAsPrintedResolves() throws {
        let cols = [Column(index: 0, id: "Kurs", text: "Kurs"), Column(index: 1, id: "A1", text: "Jag kan mer svenska.")]
        let r = ColumnResolver(columns: cols, file: "x.csv")
        #expect(try r.resolve("A1. Jag kan mer svenska.").index == 1)
        #expect(try r.resolve("A1").index == 1)
        #expect(try r.resolve("jag kan mer  svenska.").index == 1)
    }
}
