import CXlsxWriter

/// How a cell looks, as a value: equal styles share one libxlsxwriter format.
struct CellStyle: Hashable {
    enum Align: Hashable {
        case general, left, right, center
        /// Centred over this cell and the blank cells to its right that share the style.
        case centerAcross
    }

    var bold = false
    var italic = false
    var wrap = false
    var numberFormat: String?
    var align: Align = .general
    var background: UInt32?
    var fontColor: UInt32?
    var borderBottom = false

    static let plain = CellStyle()
    static let header = CellStyle(bold: true, wrap: true, background: 0xD9E1F2, borderBottom: true)
    static let numericHeader = header.aligned(.right)
    static let title = CellStyle(bold: true)
    static let note = CellStyle(italic: true, fontColor: 0x595959)
    static let wrapped = CellStyle(wrap: true)

    /// Whole numbers, kronor and kronor with öre, with a space between
    /// thousands (see `SpacedNumber`). The format is the one for numbers
    /// ≥ 0 below 10^9; `sized(for:)` gives another one its own.
    static let integer = CellStyle(numberFormat: SpacedNumber.integer.sized)
    static let kronor = CellStyle(numberFormat: SpacedNumber.kronor.sized)
    static let kronorOre = CellStyle(numberFormat: SpacedNumber.kronorOre.sized)

    /// Its spaced family, when the style's number format is one.
    var spaced: SpacedNumber? { numberFormat.flatMap { SpacedNumber.families[$0] } }

    /// The style `value` is written in: a spaced format sized for it, any
    /// other style as it is.
    func sized(for value: Double) -> CellStyle {
        guard let family = spaced, !family.fitsSized(value) else { return self }
        var s = self
        s.numberFormat = family.format(for: value)
        return s
    }

    static let decimal1 = CellStyle(numberFormat: "0.0")
    static let decimal2 = CellStyle(numberFormat: "0.00")
    static let isoDate = CellStyle(numberFormat: "yyyy-mm-dd", align: .left)

    static func percent(decimals: Int) -> CellStyle {
        CellStyle(numberFormat: decimals <= 0 ? "0%" : "0." + String(repeating: "0", count: decimals) + "%")
    }

    func aligned(_ a: Align) -> CellStyle {
        var s = self
        s.align = a
        return s
    }

    /// Characters a value in this style usually needs, for column widths.
    var displayWidth: Int {
        guard let f = numberFormat else { return 10 }
        if f.contains("kr") { return 14 }
        if f.contains("yyyy") { return 10 }
        return 8
    }

    func apply(to f: UnsafeMutablePointer<lxw_format>) {
        if bold { format_set_bold(f) }
        if italic { format_set_italic(f) }
        if wrap { format_set_text_wrap(f) }
        if let numberFormat { format_set_num_format(f, numberFormat) }
        switch align {
        case .general: break
        case .left: format_set_align(f, UInt8(LXW_ALIGN_LEFT.rawValue))
        case .right: format_set_align(f, UInt8(LXW_ALIGN_RIGHT.rawValue))
        case .center: format_set_align(f, UInt8(LXW_ALIGN_CENTER.rawValue))
        case .centerAcross: format_set_align(f, UInt8(LXW_ALIGN_CENTER_ACROSS.rawValue))
        }
        if wrap || bold { format_set_align(f, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue)) }
        if let background {
            format_set_pattern(f, UInt8(LXW_PATTERN_SOLID.rawValue))
            format_set_bg_color(f, lxw_color_t(background))
        }
        if let fontColor { format_set_font_color(f, lxw_color_t(fontColor)) }
        if borderBottom { format_set_bottom(f, UInt8(LXW_BORDER_THIN.rawValue)) }
    }
}
