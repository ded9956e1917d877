import Foundation
import Testing
@testable import UtfallModel

@Suite struct MoneyTests {
    @Test func plainKronorKeepsTwoDecimals() {
        #expect(Money(kronor: 7_176_285).plainKronor == "7176285.00")
        #expect(Money(ore: -5).plainKronor == "-0.05")
        #expect(Money(ore: 123_456).plainKronor == "1234.56")
    }

    @Test func perParticipantRoundsHalfAwayFromZero() {
        // Tabell 1, KINO actual: 4 491 314 kr / 599 = 7 498.02 kr, printed 7 498 kr.
        #expect(Rounding.divideRoundingHalfAwayFromZero(Money(kronor: 4_491_314).ore, 599) == 749_802)
        #expect(Rounding.divideRoundingHalfAwayFromZero(749_802, 100) == 7_498)
        #expect(Rounding.divideRoundingHalfAwayFromZero(5, 2) == 3)
        #expect(Rounding.divideRoundingHalfAwayFromZero(-5, 2) == -3)
        #expect(Rounding.divideRoundingHalfAwayFromZero(7, 2) == 4)
    }

    /// A workbook cell holds the double nearest to the exact figure, the
    /// one the CSV's text reads as: 4 319 347.53 kr, not 4319347.529999999
    /// (NSDecimalNumber's conversion, one unit off in the last place for 117
    /// of 5 150 amounts in a reviewer's run).
    @Test func workbookCellsHoldTheNearestDouble() {
        for ore: Int64 in [431_934_753, 10, 1, -431_934_753, 999_999_999_999, 717_628_500] {
            let exact = Decimal(ore) / 100
            #expect(exact.nearestDouble == Double("\(Money(ore: ore).plainKronor)")!, "\(ore)")
        }
        // Every amount of a sweep, not only the ones picked above.
        var off = 0
        for ore in stride(from: Int64(431_900_000), to: 431_910_000, by: 7) where (Decimal(ore) / 100).nearestDouble != Double(ore) / 100 { off += 1 }
        #expect(off == 0)
    }
}
