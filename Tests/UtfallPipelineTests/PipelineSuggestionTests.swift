import Foundation
import Testing
@testable import UtfallPipeline
import UtfallRead

@Suite struct PipelineSuggestionTests {
    /// The scale is the one that takes every label; of two that do, the one
    /// more of whose levels were used, then the shorter: a four-point
    /// export read as five points had an empty middle and wrong means.
    @Test func theScaleFitsTheLabelsNotMore() {
        let four = ["Stämmer inte alls", "Stämmer ganska dåligt", "Stämmer ganska bra", "Stämmer helt"]
        #expect(PipelineSuggestion.scale(for: four)?.id == "stammer4")
        let five = ["Stämmer inte alls", "Stämmer lite", "Stämmer lagom", "Stämmer ganska mycket", "Stämmer mycket väl", "Vet ej"]
        #expect(PipelineSuggestion.scale(for: five)?.id == "stammer5")
        #expect(PipelineSuggestion.scale(for: five)?.typos == [])
        #expect(PipelineSuggestion.scale(for: ["Ja", "Nej"])?.id == "ja_nej")
        // A typo beside the labels is listed; the scale still fits.
        let typo = PipelineSuggestion.scale(for: five + ["Stämer lite"])
        #expect(typo?.id == "stammer5" && typo?.typos == ["Stämer lite"])
        // Codes alone say nothing of what they mean; other words fit nothing.
        #expect(PipelineSuggestion.scale(for: ["1", "2", "3", "4", "5"]) == nil)
        #expect(PipelineSuggestion.scale(for: ["Experto", "Inicial", "Intermedio"]) == nil)
    }

    @Test func namesAndQuotingAreSafeForYAML() {
        #expect(PipelineSuggestion.pipelineName("/x/Kursutvärdering 2024 (vår).csv") == "Kursutvärdering_2024_vår")
        #expect(PipelineSuggestion.pipelineName("/x/(  ).csv") == "survey")
        #expect(PipelineSuggestion.quoted("Säg \"hej\"\\n\nrad") == #""Säg \"hej\"\\n\nrad""#)
    }
}
