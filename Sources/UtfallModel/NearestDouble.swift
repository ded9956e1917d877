import Foundation

extension Decimal {
    /// The double nearest to this exact value, for a spreadsheet cell.
    /// `NSDecimalNumber.doubleValue` multiplies the mantissa by a power of
    /// ten in binary and can miss by a unit in the last place: 0.10 +
    /// 4 319 347.43 became 4319347.529999999 in a workbook whose CSV says
    /// 4319347.53, and a check with `=` in the spreadsheet failed. Parsing
    /// the exact decimal text rounds once, correctly.
    public var nearestDouble: Double { Double(description) ?? NSDecimalNumber(decimal: self).doubleValue }
}
