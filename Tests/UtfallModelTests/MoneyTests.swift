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
}
