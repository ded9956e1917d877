extension UnknownLabel {
    /// An answer classified outside the aggregator, such as an option of a
    /// multi-select cell that the pipeline does not list; seen once so far.
    public static func firstSeen(item: String, itemText: String, label: String, line: Int, column: Int) -> UnknownLabel {
        UnknownLabel(item: item, itemText: itemText, label: label, count: 1, firstLine: line, suggestion: nil, column: column)
    }
}
