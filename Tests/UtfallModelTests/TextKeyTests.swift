import Foundation
import Testing
import UtfallModel

@Suite struct TextKeyTests {
    /// A zero-width space or a BOM pasted before a project name made a
    /// second "Krafttag Asyl" that looked the same, and took answers from
    /// the real one's response rate (20/30 instead of 22/30).
    @Test func invisibleFormatCharactersAreNoPartOfAName() {
        let plain = TextKey.normalize("Krafttag Asyl")
        for typed in ["\u{200B}Krafttag Asyl", "\u{FEFF}Krafttag Asyl", "Kraft\u{00AD}tag Asyl", "Krafttag Asyl\u{200E}", "Krafttag \u{2060}Asyl"] {
            #expect(TextKey.normalize(typed) == plain, "\(typed.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        #expect("\u{FEFF}\u{200B} K1\u{00A0}\u{200B}".trimmingSpaces == "K1")
        #expect("K\u{200B}1".trimmingSpaces == "K\u{200B}1")
        // Letters and spaces still count.
        #expect(TextKey.normalize("Kurs  1") == TextKey.normalize("kurs 1") && TextKey.normalize("Kurs1") != TextKey.normalize("Kurs 1"))
    }
}
