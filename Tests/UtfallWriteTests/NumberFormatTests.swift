import Foundation
import Testing
@testable import UtfallWrite

/// Thousands are grouped with spaces in every size and sign: `-1 242 434 kr`
/// beside `7 176 285 kr`, and `1 234 567 890 kr`, not `1234 567 890 kr`.
@Suite struct NumberFormatTests {
    @Test func formatsOfEachSizeAndSign() {
        let kr = SpacedNumber.kronor
        #expect(kr.sized == #"[>=1000000]# ### ##0" kr";[>=1000]# ##0" kr";0" kr""#)
        #expect(kr.format(for: 7_176_285) == kr.sized)
        #expect(kr.format(for: 0) == kr.sized)
        #expect(kr.format(for: -1_242_434) == #"# ### ##0" kr";-# ### ##0" kr""#)
        #expect(kr.format(for: -5) == #"0" kr";-0" kr""#)
        #expect(kr.format(for: 1_234_567_890) == #"# ### ### ##0" kr";-# ### ### ##0" kr""#)
        #expect(kr.format(for: 10_000_000_000_000) == #"# ### ### ### ##0" kr";-# ### ### ### ##0" kr""#)
        #expect(SpacedNumber.integer.format(for: -24) == "0;-0")
        #expect(SpacedNumber.kronorOre.format(for: -5_544.58) == #"# ##0.00" kr";-# ##0.00" kr""#)
        // 999.996 kr is shown as 1000.00: the [>=1000] section would not take it.
        #expect(SpacedNumber.kronorOre.format(for: 999.996) == #"# ##0.00" kr";-# ##0.00" kr""#)
        #expect(SpacedNumber.kronorOre.format(for: 999.99) == SpacedNumber.kronorOre.sized)
        #expect(CellStyle.kronor.sized(for: -3).numberFormat == #"0" kr";-0" kr""#)
        #expect(CellStyle.decimal2.sized(for: -3) == .decimal2)
        // Widths for the column: `-1 234 567 890.00 kr`, `10 000 000 000 000 kr`, `0`.
        #expect(SpacedNumber.kronorOre.width(of: -1_234_567_890) == 20)
        #expect(kr.width(of: 10_000_000_000_000) == 21)
        #expect(SpacedNumber.integer.width(of: 0) == 1)
    }

    /// The numbers as LibreOffice shows them: an independent renderer of
    /// the formats written.
    @Test(.enabled(if: Self.soffice != nil, "LibreOffice missing; scripts/setup --test installs libreoffice-calc-nogui"))
    func libreOfficeShowsEverySizeAndSignGrouped() throws {
        let dir = WriteFixtures.tempDir()
        let book = try Workbook(path: dir + "/n.xlsx")
        let sheet = try book.addSheet("Tal")
        let cases: [(Double, CellStyle, String)] = [
            (2048, .integer, "2 048"), (-24, .integer, "-24"), (-7_176_285, .integer, "-7 176 285"), (0, .integer, "0"),
            (7_176_285, .kronor, "7 176 285 kr"), (-1_242_434, .kronor, "-1 242 434 kr"), (-4_009, .kronor, "-4 009 kr"),
            (1_234_567_890, .kronor, "1 234 567 890 kr"), (-1_234_567_890, .kronor, "-1 234 567 890 kr"),
            (10_000_000_000_000, .kronor, "10 000 000 000 000 kr"), (-10_000_000_000_000, .kronor, "-10 000 000 000 000 kr"),
            (13_228.9, .kronorOre, "13 228.90 kr"), (-5_544.58, .kronorOre, "-5 544.58 kr"), (999.996, .kronorOre, "1 000.00 kr"),
        ]
        for (row, c) in cases.enumerated() { try sheet.number(row, 0, c.0, c.1) }
        try book.close()
        let shown = try Self.shownByLibreOffice(dir + "/n.xlsx", in: dir)
        #expect(shown == cases.map(\.2))
    }

    static let soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice"].first(where: FileManager.default.isExecutableFile)

    /// The first column as displayed, via LibreOffice's CSV export with
    /// "save cell contents as shown".
    static func shownByLibreOffice(_ xlsx: String, in dir: String) throws -> [String] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: soffice!)
        p.arguments = ["-env:UserInstallation=file://\(dir)/lo-profile", "--headless",
                       "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true", "--outdir", dir, xlsx]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        let csv = try String(contentsOfFile: (xlsx as NSString).deletingPathExtension + ".csv", encoding: .utf8)
        return csv.split(separator: "\n").map { line in
            String(line.split(separator: ",", omittingEmptySubsequences: false).first ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
    }
}
