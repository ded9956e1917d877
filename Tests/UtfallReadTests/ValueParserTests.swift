import Foundation
import Testing
import UtfallModel
import UtfallRead

@Suite struct ValueParserTests {
    static func dec(_ s: String) -> Decimal { Decimal(string: s, locale: Locale(identifier: "en_US_POSIX"))! }

    @Test(arguments: [
        ("1 227", 1227), ("1\u{00A0}227", 1227), ("1\u{202F}227", 1227), ("2,048", 2048), ("1,227,000", 1_227_000),
        ("42", 42), (" 7 ", 7), ("-3", -3), ("−3", -3), ("+5", 5), ("12 000 000", 12_000_000),
    ])
    func integers(_ s: String, _ n: Int) {
        #expect(ValueParser.integer(s) == .value(n))
    }

    @Test(arguments: ["11,8", "12,3,4", "1 22", "12a", "1.227", "1,22", "abc", "1-2", "9223372036854775808", "12,0"])
    func invalidIntegers(_ s: String) {
        #expect(ValueParser.integer(s) == .invalid)
    }

    @Test(arguments: ["", "  ", "-", "–", "—", "..", "n/a", "N/A", "\u{00A0}"])
    func missing(_ s: String) {
        #expect(ValueParser.integer(s) == .missing)
        #expect(ValueParser.decimal(s) == .missing)
        #expect(ValueParser.money(s) == .missing)
        #expect(ValueParser.percent(s) == .missing)
        #expect(ValueParser.date(s) == .missing)
    }

    @Test(arguments: [
        ("11,8", "11.8"), ("11.8", "11.8"), ("7 920", "7920"), ("1 234,5", "1234.5"), ("1,234.5", "1234.5"),
        ("1.234,5", "1234.5"), ("2,048", "2.048"), (",5", "0.5"), ("-0,25", "-0.25"), ("1\u{202F}000,75", "1000.75"),
        ("1.234.567", "1234567"),
    ])
    func decimals(_ s: String, _ expected: String) {
        #expect(ValueParser.decimal(s) == .value(Self.dec(expected)))
    }

    @Test(arguments: ["12,3,4", "1,2.3,4", "1 2,5", "11,8 kr", "x", "1..2", "12,"])
    func invalidDecimals(_ s: String) {
        #expect(ValueParser.decimal(s) == .invalid)
    }

    @Test(arguments: [
        ("7 176 285 kr", Int64(717_628_500)), ("7176285", 717_628_500), ("1 234,50 kr", 123_450), ("SEK 12 000", 1_200_000),
        ("12 000:-", 1_200_000), ("12 000 SEK", 1_200_000), ("kr 99,9", 9990), ("1\u{00A0}227 kr", 122_700),
        ("-500 kr", -50_000), ("1,5 tkr", 150_000), ("2 mkr", 200_000_000), ("350 kronor", 35_000), ("100,-", 10_000),
        ("1,234.50", 123_450), ("kronor 500", 50_000), ("12 000 kr:-", 1_200_000), ("kr. 12,50", 1250), ("1 500 kr,-", 150_000),
    ])
    func money(_ s: String, _ ore: Int64) {
        #expect(ValueParser.money(s) == .value(Money(ore: ore)))
    }

    /// Hours keep their unit in hand-kept sheets (`29 677 h`), and `1,234`
    /// is refused as in amounts: a count column reads it as 1 234, and as
    /// 1.234 hours it made hours per participant a thousand times too small.
    @Test func hours() {
        let cases: [(String, String)] = [("29 677 h", "29677"), ("17 338,4 timmar", "17338.4"), ("12h", "12"), ("7,5 tim", "7.5"),
                                         ("11,8", "11.8"), ("1 234,5", "1234.5"), ("0,125", "0.125"), ("1,23", "1.23"), ("1 234 hrs", "1234")]
        for (text, value) in cases { #expect(ValueParser.hours(text) == .value(Decimal(string: value)!), "\(text)") }
        for text in ["1,234", "1.234", "12,345 h", "-1,000"] {
            #expect(ValueParser.hours(text) == .invalid, "\(text)")
            #expect(ValueParser.hoursCouldBeThousands(text), "\(text)")
        }
        for text in ["11 h 30", "h", "tolv timmar"] {
            #expect(ValueParser.hours(text) == .invalid, "\(text)")
            #expect(!ValueParser.hoursCouldBeThousands(text), "\(text)")
        }
        #expect(ValueParser.hours("–") == .missing)
        #expect(ValueParser.printedFigure("7,2 h")?.value == Decimal(string: "7.2"))
        #expect(ValueParser.printedFigure("7,2 h")?.decimals == 1)
    }

    /// Hand-kept sheets write head counts with a unit (`1 234 st`): those
    /// rows were rejected, and the project was left out of every total.
    @Test func countsTakeAUnitAfterTheFigure() {
        let cases: [(String, Int)] = [("1 234 st", 1234), ("12 st.", 12), ("12st", 12), ("25 deltagare", 25), ("7 pers.", 7),
                                      ("3 personer", 3), ("40 stycken", 40), ("2 048", 2048), ("1,234", 1234)]
        for (text, value) in cases { #expect(ValueParser.count(text) == .value(value), "\(text)") }
        for text in ["st", "12 stolar", "12,5 st", "tolv st", "st 12"] { #expect(ValueParser.count(text) == .invalid, "\(text)") }
        #expect(ValueParser.count("–") == .missing)
    }

    @Test(arguments: ["1 234,567 kr", "12 kr 50", "tolv kronor", "12,3,4 kr", "99999999999999999999 kr"])
    func invalidMoney(_ s: String) {
        #expect(ValueParser.money(s) == .invalid)
    }

    /// An amount finer than öre is refused, and the reason says why: "an
    /// amount such as 7 176 285 kr" did not tell what was wrong with
    /// `1 000,505 kr`. Words and rounded amounts are no such case.
    @Test func amountsFinerThanOreAreToldApart() {
        #expect(ValueParser.decimalsBeyondOre("1 000,505 kr").map { [$0.given, $0.allowed] } == [3, 2])
        #expect(ValueParser.decimalsBeyondOre("1 000,505 kr")?.thousands == false)
        #expect(ValueParser.decimalsBeyondOre("1,234567 tkr").map { [$0.given, $0.allowed] } == [6, 5])
        // `12,345` is as likely twelve thousand with a thousands comma: not to be "rounded".
        #expect(ValueParser.decimalsBeyondOre("12,345")?.thousands == true)
        #expect(ValueParser.decimalsBeyondOre("-1.234 kr")?.thousands == true)
        #expect(ValueParser.decimalsBeyondOre("0,125")?.thousands == false)
        #expect(ValueParser.decimalsBeyondOre("1,23456 tkr") == nil)
        #expect(ValueParser.decimalsBeyondOre("1 000,50 kr") == nil)
        #expect(ValueParser.decimalsBeyondOre("tolv kronor") == nil)
    }

    @Test(arguments: [("62%", "0.62"), ("62 %", "0.62"), ("12,5 %", "0.125"), ("100%", "1"), ("0,5%", "0.005"), ("62", "0.62"), ("62\u{00A0}%", "0.62")])
    func percents(_ s: String, _ expected: String) {
        #expect(ValueParser.percent(s) == .value(Self.dec(expected)))
    }

    @Test func invalidPercent() {
        #expect(ValueParser.percent("sextio %") == .invalid)
        #expect(ValueParser.percent("%") == .missing)
        #expect(ValueParser.money("kr") == .missing)   // an Excel template cell with the unit only
    }

    @Test func swedishExcelMoneyFixture() throws {
        let r = try readAll(fixture("swedish_excel_money.csv"))
        let row = r.records[0].fields, row2 = r.records[1].fields, row3 = r.records[2].fields
        #expect(ValueParser.money(row[1]) == .value(Money(ore: 717_628_500)))
        #expect(ValueParser.money(row[2]) == .value(Money(ore: 122_700)))
        #expect(ValueParser.percent(row[3]) == .value(Self.dec("0.62")))
        #expect(ValueParser.decimal(row[4]) == .value(Self.dec("11.8")))
        #expect(ValueParser.date(row[5]) == .value(CalendarDate(year: 2016, month: 10, day: 1)!))
        #expect(ValueParser.money(row2[1]) == .value(Money(ore: 1_200_000)))
        #expect(ValueParser.money(row2[2]) == .value(Money(ore: 123_450)))
        #expect(ValueParser.percent(row2[3]) == .value(Self.dec("0.125")))
        #expect(ValueParser.decimal(row2[4]) == .value(Self.dec("7920")))
        #expect(row3.dropFirst().allSatisfy { ValueParser.money($0) == .missing })
    }
}
