import Testing
import UtfallModel

@Suite struct RecordViewTests {
    /// The reader looks for the field a multi-line answer sits in with one
    /// scan over the record's bytes; each hit must map back to its field,
    /// past empty fields and with CR and LF alike.
    @Test func firstFieldWithLineBreakNamesTheFieldThatHoldsIt() {
        let buffer = RecordBuffer()
        for field in ["P1", "", "Bra\nkurs", "", "4", "x\r", "\n", "slut"] { buffer.append(field) }
        let v = buffer.view(line: 1)
        #expect(v.firstFieldWithLineBreak() == 2)
        #expect(v.firstFieldWithLineBreak(from: 2) == 2)
        #expect(v.firstFieldWithLineBreak(from: 3) == 5)
        #expect(v.firstFieldWithLineBreak(from: 6) == 6)
        #expect(v.firstFieldWithLineBreak(from: 7) == nil)
        #expect(v.firstFieldWithLineBreak(from: 8) == nil)
        // A record of one part of the buffer: the fields before it are not searched.
        #expect(buffer.view(line: 1, first: 3, count: 2).firstFieldWithLineBreak() == nil)
        #expect(buffer.view(line: 1, first: 0, count: 2).firstFieldWithLineBreak() == nil)
        // A line break before an earlier CR in the scan's range: the first of either counts.
        let crFirst = RecordBuffer()
        for field in ["a", "b\r", "c\n"] { crFirst.append(field) }
        #expect(crFirst.view(line: 1).firstFieldWithLineBreak() == 1)
    }
}
