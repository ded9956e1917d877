import Foundation
import UtfallModel

extension FollowUp {
    /// Compares each printed figure with the computed one.
    ///
    /// A printed figure names a project (or `all`), a measure, a gender group
    /// and a basis. Besides the measures of `project_followup.csv` it may name
    /// `<measure>_deviation_share` (a printed "32 % lower than planned" is
    /// `-32%`). The comparison is in the printed unit; the figure is a
    /// mismatch when it is further from the computed value than half a unit
    /// in its last printed place. A figure with nothing to compare with is a
    /// warning, not a row.
    static func reconcile(_ reported: [ReportedFigure], exact: [ExactKey: ComputedFigure], diagnostics: inout Diagnostics) -> [ReconciliationRow] {
        var out: [ReconciliationRow] = []
        for r in reported {
            let project = r.project.isEmpty ? "all" : r.project
            guard let computed = exact[ExactKey(project: project, measure: r.measure, gender: r.gender, basis: r.basis)] else {
                diagnostics.add(Diagnostic(.warning, kind: "reported_unmatched", at: r.location,
                                           "\(r.source): nothing computed to compare with \(r.measure) (\(r.gender), \(r.basis.rawValue)) of '\(project)'"))
                continue
            }
            let row = ReconciliationRow(source: r.source, project: project, measure: r.measure, gender: r.gender, basis: r.basis,
                                        reported: r.value, computed: computed.shown, exact: computed.exact, tolerance: r.tolerance,
                                        decimals: r.decimals, isPercent: r.isPercent, location: r.location)
            if row.status == .mismatch {
                diagnostics.add(Diagnostic(.warning, kind: "reported_mismatch", at: r.location,
                                           "\(r.source): \(r.measure) (\(r.gender), \(r.basis.rawValue)) of '\(project)' is printed as \(Self.printed(r)) but computes to \(Self.printed(computed.exact, like: r))"))
            }
            out.append(row)
        }
        return out
    }

    /// A figure the way the report printed it, for messages: `9185`, `23 %`,
    /// `19.2`, `11.0`. Printed decimals are kept: "printed as 11 but computes
    /// to 10.606" read as if 10.606 were close enough, where the report
    /// printed `11,0`.
    static func printed(_ r: ReportedFigure) -> String {
        let places = r.isPercent ? r.decimals - 2 : r.decimals
        guard places > 0 else { return printed(r.value, like: r) }
        let shown = FigureText.plain(FigureText.rounded(r.isPercent ? r.value * 100 : r.value, scale: places))
        let have = shown.firstIndex(of: ".").map { shown.distance(from: $0, to: shown.endIndex) - 1 } ?? 0
        let padded = shown + (have == 0 ? "." : "") + String(repeating: "0", count: places - have)
        return padded + (r.isPercent ? " %" : "")
    }

    static func printed(_ d: Decimal, like r: ReportedFigure) -> String {
        if r.isPercent {
            return FigureText.plain(FigureText.rounded(d * 100, scale: max(0, r.decimals - 2) + 2)) + " %"
        }
        return FigureText.plain(FigureText.rounded(d, scale: max(0, r.decimals) + 2))
    }
}
