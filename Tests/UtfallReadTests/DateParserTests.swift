import Foundation
import Testing
import UtfallModel
import UtfallRead

@Suite struct DateParserTests {
    static func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: d)! }

    @Test(arguments: [
        ("2016-10-01", 2016, 10, 1), ("2016-10-01 13:45:00", 2016, 10, 1), ("2016-05-03T14:27:29Z", 2016, 5, 3),
        ("2019/03/14 10:11:12 AM GMT+1", 2019, 3, 14), ("03/14/2019 10:11:12 AM", 2019, 3, 14),
        ("12/13/2019 12:02:32", 2019, 12, 13), ("7/10/14 18:37", 2014, 7, 10), ("1/10/2016", 2016, 1, 10),
        ("25/12/2019", 2019, 12, 25), ("14.03.2019", 2019, 3, 14), ("1 oktober 2016", 2016, 10, 1),
        ("1 okt. 2016", 2016, 10, 1), ("March 14, 2019", 2019, 3, 14), ("20161001", 2016, 10, 1),
    ])
    func dates(_ s: String, _ y: Int, _ m: Int, _ d: Int) {
        #expect(ValueParser.date(s) == .value(Self.day(y, m, d)))
    }

    @Test(arguments: ["2019-02-29", "2016-13-01", "13/13/2019", "igår", "2016-10-01 25:00", "12345", "2016-10-01 13:45 foo"])
    func invalidDates(_ s: String) {
        #expect(ValueParser.date(s) == .invalid)
    }

    @Test func timestamps() {
        #expect(ValueParser.timestamp("2016-05-03 14:27:29").value?.description == "2016-05-03 14:27:29")
        #expect(ValueParser.timestamp("03/14/2019 12:05:00 AM").value?.hour == 0)
        #expect(ValueParser.timestamp("03/14/2019 12:05:00 PM").value?.hour == 12)
        #expect(ValueParser.timestamp("2019/03/14 10:11:12 PM GMT+1").value?.hour == 22)
        #expect(ValueParser.timestamp("2019/03/14 10:11:12 PM GMT+1").value?.utcOffsetMinutes == 60)
        #expect(ValueParser.timestamp("2016-05-03T14:27:29+02:00").value?.utcOffsetMinutes == 120)
        #expect(ValueParser.timestamp("2016-10-01").value?.hasTime == false)
    }
}

@Suite struct SlashedDateOrderTests {
    @Test func dayFirstCanBeAsked() {
        #expect(ValueParser.date("1/10/2016", slashed: .dayFirst) == .value(CalendarDate(year: 2016, month: 10, day: 1)!))
        #expect(ValueParser.date("1/10/2016") == .value(CalendarDate(year: 2016, month: 1, day: 10)!))
        // Unambiguous either way.
        #expect(ValueParser.date("3/14/2019", slashed: .dayFirst) == .value(CalendarDate(year: 2019, month: 3, day: 14)!))
        #expect(ValueParser.date("25/12/2019", slashed: .monthFirst) == .value(CalendarDate(year: 2019, month: 12, day: 25)!))
    }
}
