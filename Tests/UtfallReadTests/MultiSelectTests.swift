import Foundation
import Testing
import UtfallModel
import UtfallRead

@Suite struct MultiSelectTests {
    let options = ["Modul A", "Modul B, fördjupning", "Modul C"]

    @Test func optionsContainingCommasAreMatchedWhole() {
        let (chosen, unknown) = MultiSelect.split("Modul B, fördjupning, Modul C", options: options)
        #expect(chosen == [false, true, true])
        #expect(unknown.isEmpty)
    }

    @Test func unknownTextIsKept() {
        let (chosen, unknown) = MultiSelect.split("Modul A, Något annat", options: options)
        #expect(chosen == [true, false, false])
        #expect(unknown == ["Något annat"])
    }

    /// Microsoft Forms joins its choices with ";" and ends the cell with
    /// one (`Modul A;Modul C;`): every such answer was an unknown option.
    @Test func microsoftFormsSemicolonsJoinChoices() {
        var r = MultiSelect.split("Modul A;Modul C;", options: options)
        #expect(r.selected == [true, false, true] && r.unknown.isEmpty)
        r = MultiSelect.split("Modul B, fördjupning;Eget förslag;", options: options)
        #expect(r.selected == [false, true, false] && r.unknown == ["Eget förslag"])
    }

    /// Unknown text ends at a comma a known option follows, with or without
    /// a space, so an "Other" answer with commas in it stays whole.
    @Test func unknownTextEndsWhereAKnownOptionStarts() {
        var r = MultiSelect.split("Modul A,Modul D,Modul C", options: options)
        #expect(r.selected == [true, false, true] && r.unknown == ["Modul D"])
        r = MultiSelect.split("Annat: kvällar, helger,Modul B, fördjupning", options: options)
        #expect(r.selected == [false, true, false] && r.unknown == ["Annat: kvällar, helger"])
        r = MultiSelect.split("Modul D", options: options)
        #expect(r.selected == [false, false, false] && r.unknown == ["Modul D"])
    }

    /// A long pasted answer is split in linear time: 3 000 unknown pieces.
    @Test func longUnknownTextStaysCheap() {
        let pieces = Array(repeating: "x", count: 3000).joined(separator: ", ")
        let start = Date()
        let r = MultiSelect.split(pieces, options: options)
        #expect(r.selected == [false, false, false] && r.unknown.count == 3000)
        // Before a known option, the unknown text is one answer.
        let before = MultiSelect.split(pieces + ", Modul C", options: options)
        #expect(before.selected == [false, false, true] && before.unknown == [pieces])
        #expect(Date().timeIntervalSince(start) < 5)
        // Empty pieces and stray spaces are not unknown answers.
        let odd = MultiSelect.split(",Modul A ,Modul C", options: options)
        #expect(odd.selected == [true, false, true] && odd.unknown.isEmpty, "\(odd)")
    }

    @Test func optionsMatchWhateverTheCase() {
        let r = MultiSelect.split("modul a, MODUL B,  FÖRDJUPNING", options: options)
        #expect(r.selected == [true, true, false] && r.unknown.isEmpty)
    }

    @Test func emptyCellSelectsNothing() {
        #expect(MultiSelect.split("", options: options).selected == [false, false, false])
    }

    @Test func googleFormsFixture() throws {
        let r = try readAll(fixture("google_forms_swedish.csv"))
        let opts = ["Modul A", "Modul B", "Modul C"]
        #expect(MultiSelect.split(r.records[0].fields[2], options: opts).selected == [true, true, false])
        #expect(MultiSelect.split(r.records[1].fields[2], options: opts).selected == [false, false, true])
        let cols = MultiSelect.optionColumns(for: r.reader.columns[2], options: opts)
        #expect(cols.map(\.id) == ["Vilka moduler gick du?[1]", "Vilka moduler gick du?[2]", "Vilka moduler gick du?[3]"])
        #expect(cols[1].text == "Vilka moduler gick du? – Modul B")
    }

    @Test func oneColumnPerOptionCells() throws {
        let r = try readAll(fixture("exports/surveymonkey/fivethirtyeight-star-wars.csv"))
        let seen = r.records.filter { MultiSelect.isSelected($0.fields[3]) }.count
        #expect(seen == 673)
        #expect(!MultiSelect.isSelected("No"))
        #expect(MultiSelect.isSelected("Yes"))
    }
}
