/// The version printed by `utfall --version` and recorded in every manifest
/// and workbook; part of the skip-if-unchanged key, so bump it whenever
/// outputs can change.
public enum UtfallVersion {
    public static let string = "0.13.0"
}
