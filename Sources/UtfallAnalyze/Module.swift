// UtfallAnalyze
//
// Analysis: Likert normalization and distributions, indicators, response rates, project follow-up, 
// reconciliation and small-cell suppression. Pure computation on model values; no I/O.
