import Foundation
import Testing
import UtfallModel
@testable import UtfallWrite

@Suite struct CSVTests {
    @Test func quotingFollowsRFC4180() {
        var buf: [UInt8] = []
        CSVFile.appendQuoted("a,b", to: &buf); buf.append(0x7C)
        CSVFile.appendQuoted("sa \"hej\"", to: &buf); buf.append(0x7C)
        CSVFile.appendQuoted("rad1\nrad2", to: &buf); buf.append(0x7C)
        CSVFile.appendQuoted(" kant", to: &buf); buf.append(0x7C)
        CSVFile.appendQuoted("Stämmer", to: &buf)
        #expect(String(decoding: buf, as: UTF8.self) == "\"a,b\"|\"sa \"\"hej\"\"\"|\"rad1\nrad2\"|\" kant\"|Stämmer")
    }

    @Test func numbersAreUnroundedFractionsWithPointDecimals() {
        #expect(Field.number(7.0 / 9.0) == "0.7777777778")
        #expect(Field.number(1) == "1")
        #expect(Field.number(0) == "0")
        #expect(Field.number(nil) == "")
        #expect(Field.number(0.125) == "0.125")
        // Never exponent notation: 1 of 100 000, and 1/3 of that.
        #expect(Field.number(0.00001) == "0.00001")
        #expect(Field.number(1.0 / 300_000) == "0.000003333333333")
        #expect(Field.number(-0.000025) == "-0.000025")
    }

    @Test func surveyCSVHeadersMatchTheContract() throws {
        let dir = WriteFixtures.tempDir()
        let files = try ReportWriter.writeCSVs(WriteFixtures.bundle(), into: dir)
        #expect(files == ["likert_distribution.csv", "likert_summary.csv"])
        let dist = try String(contentsOfFile: dir + "/likert_distribution.csv", encoding: .utf8)
        #expect(dist.hasPrefix("scope,project,course,item,item_text,breakdown,group,level,level_label,count,n,share,suppressed\n"))
        let sum = try String(contentsOfFile: dir + "/likert_summary.csv", encoding: .utf8)
        #expect(sum.hasPrefix("scope,project,course,item,item_text,breakdown,group,n,n_nonsubstantive,n_blank,mean,median,top2_share,bottom2_share,suppressed,top2_ci_low,top2_ci_high\n"))
        // Whole survey, level 1: courses i=0..5 answer levels (i+j)%5; hand count gives 5 of 21 (i=0; i=3,j=2; i=4,j=1; i=5,j=0 and j=5).
        let allLevel1 = dist.split(separator: "\n").first { $0.hasPrefix("all,,,q1,") && $0.contains(",all,,1,") }
        #expect(allLevel1 == "all,,,q1,'=Påstående 1,all,,1,Stämmer inte alls,5,21,0.2380952381,false")
    }

    @Test func rejectsFileHasAHeaderAsWideAsItsWidestRow() throws {
        let dir = WriteFixtures.tempDir()
        let w = try RejectsWriter(path: dir + "/rejects.csv")
        try w.write(RejectedRow(location: SourceLocation(file: "a.csv", line: 3, column: 2), kind: "ragged_row", reason: "expected 3 fields, found 2", fields: ["x", "y"]))
        try w.write(RejectedRow(location: SourceLocation(file: "a.csv", line: 9, column: 4), kind: "ragged_row", reason: "expected 3 fields, found 4", fields: ["1", "2", "3", "=cmd"]))
        try w.close()
        let text = try String(contentsOfFile: dir + "/rejects.csv", encoding: .utf8)
        #expect(text == """
            file,line,column,kind,reason,field_1,field_2,field_3,field_4
            a.csv,3,2,ragged_row,"expected 3 fields, found 2",x,y
            a.csv,9,4,ragged_row,"expected 3 fields, found 4",1,2,3,'=cmd

            """)
        #expect(!FileManager.default.fileExists(atPath: dir + "/rejects.csv.body"))
    }
}
