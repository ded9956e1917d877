import Foundation
import Testing
@testable import UtfallPipeline
import UtfallAnalyze
import UtfallModel
import UtfallRead

/// A fresh folder under the system's temporary directory, removed afterwards.
private func withFolder(_ body: (String) throws -> Void) throws {
    let dir = NSTemporaryDirectory() + "utfall-run-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try body(dir)
}

private func write(_ text: String, to path: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

private func read(_ path: String) -> String? {
    FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
}

@Suite struct FileVersionTests {
    /// An export replaced by one of the same size and modification time
    /// (`cp -p`, `rsync -a` of an equal-size re-export) while it was read
    /// gave tables mixed from the two, with exit 0.
    @Test func aReplacementOfTheSameSizeAndTimeIsAnotherVersion() throws {
        try withFolder { dir in
            let path = dir + "/export.csv", next = dir + "/export.new"
            try write("Kurs;F1\nK1;Ja\n", to: path)
            let before = try #require(FileVersion(path))
            #expect(FileVersion(path) == before)
            try write("Kurs;F1\nK2;Ja\n", to: next)
            var st = stat()
            #expect(stat(path, &st) == 0)
            var times = [st.st_atim, st.st_mtim]
            #expect(utimensat(AT_FDCWD, next, &times, 0) == 0)
            #expect(rename(next, path) == 0)
            let after = try #require(FileVersion(path))
            #expect(after.size == before.size && after.modified == before.modified && after.modifiedNanos == before.modifiedNanos)
            #expect(after != before)
            #expect(FileVersion(dir + "/none.csv") == nil)
            // A chmod or a hard link (a backup's) changes no byte: the same version.
            #expect(chmod(path, 0o600) == 0 && link(path, dir + "/backup.csv") == 0)
            #expect(FileVersion(path) == after)
        }
    }
}

@Suite struct FingerprintTests {
    @Test func knownDigests() {
        // FIPS 180-2 test vectors.
        #expect(Fingerprint.sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Fingerprint.sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func fileDigestCrossesTheReadBufferAndCountsEveryByte() throws {
        try withFolder { dir in
            // 1 MiB + 3 bytes: a full buffer, then a short read.
            let data = Data((0..<((1 << 20) + 3)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
            let path = dir + "/export.csv"
            try data.write(to: URL(fileURLWithPath: path))
            let fp = try Fingerprint.sha256(file: path)
            #expect(fp.size == Int64(data.count))
            #expect(fp.hex == Fingerprint.sha256(data))
            #expect(fp.hex != Fingerprint.sha256(data.dropLast()))
        }
    }

    @Test func missingFileIsAnError() {
        #expect(throws: (any Error).self) { try Fingerprint.sha256(file: "/nonexistent/utfall/export.csv") }
    }

    @Test func backgroundDigestsComeInTheOrderOfThePaths() throws {
        try withFolder { dir in
            try write("a;b\n1;2\n", to: dir + "/one.csv")
            try write("c\n", to: dir + "/two.csv")
            let bg = BackgroundFingerprints(paths: [dir + "/two.csv", dir + "/one.csv"], sizes: [2, 8])
            let got = try bg.wait()
            #expect(got.map(\.hex) == [Fingerprint.sha256("c\n"), Fingerprint.sha256("a;b\n1;2\n")])
            #expect(got.map(\.size) == [2, 8])
            // A second wait gives the same answer instead of blocking.
            #expect(try bg.wait().map(\.hex) == got.map(\.hex))
            #expect(throws: (any Error).self) { try BackgroundFingerprints(paths: [dir + "/gone.csv"], sizes: [0]).wait() }
        }
    }

    @Test func hashingHoldsTheLastBytesBackUntilTheReadIsDone() throws {
        try withFolder { dir in
            try write("a;b\n1;2\n", to: dir + "/one.csv")
            try write("c\n", to: dir + "/two.csv")
            // Stops 4 bytes before the end, within the first file.
            let bg = BackgroundFingerprints(paths: [dir + "/one.csv", dir + "/two.csv"], sizes: [8, 2], keptForWrite: 4)
            bg.start()
            #expect(!bg.finished(within: 0.3))
            bg.release()
            #expect(bg.finished(within: 10))
            #expect(try bg.wait().map(\.hex) == [Fingerprint.sha256("a;b\n1;2\n"), Fingerprint.sha256("c\n")])
            // Files smaller than what is kept are hashed after the read only;
            // without a release, asking for them releases them.
            let small = BackgroundFingerprints(paths: [dir + "/two.csv"], sizes: [2])
            small.start()
            #expect(!small.finished(within: 0.3))
            #expect(try small.wait().map(\.size) == [2])
        }
    }
}

@Suite struct ExitStatusTests {
    @Test func theMostSevereCodeWins() {
        #expect(ExitStatus.worst([]) == .success)
        #expect(ExitStatus.worst([.success, .locked]) == .locked)
        #expect(ExitStatus.worst([.locked, .dataError, .success]) == .dataError)
        #expect(ExitStatus.worst([.dataError, .noInput]) == .noInput)
        #expect(ExitStatus.worst([.invalidPipeline, .noInput, .dataError]) == .invalidPipeline)
        #expect(ExitStatus.worst([.cannotWrite, .usage]) == .cannotWrite)
        #expect(ExitStatus.worst([.cannotWrite, .internalError, .success]) == .internalError)
        // Every code has a rank of its own, so the answer never depends on the order.
        #expect(Set(ExitStatus.allCases.map(\.severity)).count == ExitStatus.allCases.count)
    }
}

@Suite struct OutputPublisherTests {
    /// In a container every cron run is PID 1: time, PID and the
    /// process's own counter are the same for two runs in one second, so
    /// run ids carry a random part as well.
    @Test func runIDsOfOneSecondDifferBeyondTimePIDAndCounter() {
        let d = Date(timeIntervalSince1970: 1_700_000_000)
        let parts = (0..<20).map { _ in PipelineJob.runID(d).split(separator: "-") }
        #expect(parts.allSatisfy { $0.count == 4 && $0[0] == "20231114T221320Z" })
        #expect(Set(parts.map { $0[3] }).count == 20)
    }

    @Test func aPublishedRunReplacesThePreviousOneInOneStep() throws {
        try withFolder { dir in
            let out = dir + "/report"
            let first = try OutputPublisher(outputDir: out, runID: "run1")
            try write("first", to: first.path("table.csv"))
            #expect(!FileManager.default.fileExists(atPath: out))  // nothing visible before publishing
            try first.publish(runID: "run1")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: out) == ".report.runs/run1")
            #expect(read(out + "/table.csv") == "first")

            let second = try OutputPublisher(outputDir: out, runID: "run2")
            try write("second", to: second.path("table.csv"))
            #expect(read(out + "/table.csv") == "first")
            try second.publish(runID: "run2")
            #expect(read(out + "/table.csv") == "second")
            #expect(OutputPublisher.currentRunFolder(of: out) == dir + "/.report.runs/run2")
            // The earlier run and the temporary folder are swept.
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/.report.runs") == ["run2"])
        }
    }

    @Test func theNewestFailedRunIsKeptForTheOperator() throws {
        try withFolder { dir in
            let out = dir + "/report"
            for (n, failed) in [(1, false), (2, true), (3, true), (4, false)] {
                let p = try OutputPublisher(outputDir: out, runID: "run\(n)")
                try write("run \(n)", to: p.path("table.csv"))
                if failed {
                    #expect(p.abandon(keepAs: "failed-run\(n)") == dir + "/.report.runs/failed-run\(n)")
                } else {
                    try p.publish(runID: "run\(n)")
                }
            }
            #expect(read(out + "/table.csv") == "run 4")
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/.report.runs").sorted() == ["failed-run3", "latest-failed", "run4"])
            #expect(read(dir + "/.report.runs/failed-run3/table.csv") == "run 3")
        }
    }

    /// With the clock set back, the newest failed run has the oldest name:
    /// the sweep kept the older one by name and removed the folder the log
    /// had just named. The newest is the one last kept, whatever its name.
    @Test func theNewestFailedRunIsKeptWhenTheClockWentBack() throws {
        try withFolder { dir in
            let out = dir + "/report"
            for name in ["failed-20261124T030000Z", "failed-20261120T030000Z"] {
                let p = try OutputPublisher(outputDir: out, runID: name)
                try write(name, to: p.path("table.csv"))
                _ = p.abandon(keepAs: name)
            }
            OutputPublisher.sweepAbandoned(outputDir: out)
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/.report.runs").sorted() == ["failed-20261120T030000Z", "latest-failed"])
        }
    }

    @Test func anAbandonedRunWithoutANameLeavesNothing() throws {
        try withFolder { dir in
            let p = try OutputPublisher(outputDir: dir + "/report", runID: "run1")
            try write("half", to: p.path("table.csv"))
            #expect(p.abandon(keepAs: nil) == nil)
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/.report.runs").isEmpty)
            #expect(!FileManager.default.fileExists(atPath: dir + "/report"))
        }
    }

    @Test func aFolderMadeByHandIsKeptBesideTheRuns() throws {
        try withFolder { dir in
            let out = dir + "/report"
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            try write("by hand", to: out + "/notes.txt")
            let p = try OutputPublisher(outputDir: out, runID: "run1")
            try write("new", to: p.path("table.csv"))
            try p.publish(runID: "run1")
            #expect(read(out + "/table.csv") == "new")
            #expect(read(dir + "/.report.runs/previous-folder-run1/notes.txt") == "by hand")
        }
    }

    /// What killed runs leave is swept; a folder another live process is
    /// writing (a pipeline of another name, same output folder) is not.
    @Test func sweepingSparesLiveRuns() throws {
        try withFolder { dir in
            let out = dir + "/report"
            let p = try OutputPublisher(outputDir: out, runID: "run1")
            try p.publish(runID: "run1")
            let runs = dir + "/.report.runs/"
            // A live utfall (a copy of sleep by that name), and a live
            // process of another program: a pid reused since a run was killed.
            let utfall = dir + "/utfall-sleeping"
            try FileManager.default.copyItem(atPath: "/bin/sleep", toPath: utfall)
            let live = Process()
            live.executableURL = URL(fileURLWithPath: utfall)
            live.arguments = ["30"]
            try live.run()
            defer { live.terminate() }
            for n in ["tmp-20240101T000000Z-999999-1", "tmp-20240101T000000Z-\(getppid())-1", "tmp-20240101T000000Z-\(live.processIdentifier)-1",
                      "20240101T000000Z-999999-2"] {
                try FileManager.default.createDirectory(atPath: runs + n, withIntermediateDirectories: true)
            }
            #expect(symlink(".report.runs/run1", out + ".tmp-link-999999") == 0)
            OutputPublisher.sweepAbandoned(outputDir: out)
            #expect(try FileManager.default.contentsOfDirectory(atPath: runs).sorted() == ["run1", "tmp-20240101T000000Z-\(live.processIdentifier)-1"])
            #expect(!FileManager.default.fileExists(atPath: out + ".tmp-link-999999"))
            #expect(read(out + "/../.report.runs/run1/x") == nil && OutputPublisher.currentRunFolder(of: out) == runs + "run1")
        }
    }

    @Test func anOutputFolderThatCannotBeMadeIsReportedWithItsPath() throws {
        try withFolder { dir in
            // A file where the parent folder should be: fails for root too.
            try write("not a folder", to: dir + "/blocked")
            #expect {
                _ = try OutputPublisher(outputDir: dir + "/blocked/report", runID: "run1")
            } throws: { error in
                "\(error)".contains(dir + "/blocked/.report.runs/tmp-run1") && "\(error)".contains("writable")
            }
        }
    }
}

@Suite struct RunLockTests {
    @Test func aSecondHolderIsTurnedAwayUntilTheFirstLetsGo() throws {
        try withFolder { dir in
            let path = dir + "/report.lock"
            var first: RunLock? = try RunLock(path: path, wait: 0)
            #expect(first != nil)
            // flock locks belong to the open file, so a second open in the same process conflicts.
            #expect(throws: RunLock.Failure.self) { _ = try RunLock(path: path, wait: 0) }
            let start = Date()
            #expect(throws: RunLock.Failure.self) { _ = try RunLock(path: path, wait: 0.3) }
            #expect(Date().timeIntervalSince(start) >= 0.3)
            #expect(read(path) == "\(getpid())\n")
            first = nil
            #expect(throws: Never.self) { _ = try RunLock(path: path, wait: 0) }
        }
    }

    /// A lock made 0644 by an analyst's run by hand turned the cron user
    /// away every night (exit 73) in a shared, group-writable install.
    @Test func aLockFileFollowsTheUmaskAndAnotherUsersIsStillTaken() throws {
        try withFolder { dir in
            let path = dir + "/report.lock"
            let old = umask(0o002)
            defer { umask(old) }
            _ = try RunLock(path: path, wait: 0)
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o664)
            // Someone else's lock file, not writable here: locked all the same.
            chmod(path, 0o444)
            if getuid() != 0 { #expect(throws: Never.self) { _ = try RunLock(path: path, wait: 0) } }
        }
    }

    @Test func theMessagesSayWhatToDo() {
        #expect("\(RunLock.Failure.held(path: "/o/x.lock", waited: 0))".contains("--wait"))
        #expect("\(RunLock.Failure.held(path: "/o/x.lock", waited: 30))".contains("after waiting 30 s"))
        #expect("\(RunLock.Failure.cannotOpen(path: "/o/x.lock", errno: EACCES))".contains("writable"))
    }
}

@Suite struct ManifestTests {
    @Test func roundTripsWithSnakeCaseKeys() throws {
        let m = Manifest(
            utfallVersion: "1.0", pipeline: "p.yaml", pipelineSha256: "ab", runKey: "k",
            startedAt: "2026-01-01T00:00:00Z", finishedAt: "2026-01-01T00:00:01Z", exitStatus: 65,
            inputs: [.init(role: "survey", path: "/d/e.csv", size: 10, sha256: "cd", rowsRead: 5, rowsAccepted: 4, rowsRejected: 1)],
            outputs: [.init(path: "t.csv", size: 3, sha256: "ef")],
            diagnosticsByKind: ["ragged_row": 1], stages: [.init(name: "read", seconds: 0.5, detail: "5 rows")])
        let data = try m.encoded()
        let text = String(decoding: data, as: UTF8.self)
        for key in ["\"utfall_version\"", "\"pipeline_sha256\"", "\"run_key\"", "\"rows_rejected\"", "\"diagnostics_by_kind\"", "\"/d/e.csv\""] {
            #expect(text.contains(key), "\(key)")
        }
        try withFolder { dir in
            try data.write(to: URL(fileURLWithPath: dir + "/manifest.json"))
            let back = try #require(Manifest.read(dir + "/manifest.json"))
            #expect(try back.encoded() == data)
            try write("{ not json", to: dir + "/broken.json")
            #expect(Manifest.read(dir + "/broken.json") == nil)
            #expect(Manifest.read(dir + "/missing.json") == nil)
        }
    }
}

@Suite struct PrintedFigureTests {
    @Test func theLastPrintedPlaceSetsTheTolerance() throws {
        func tolerance(_ text: String) throws -> Decimal {
            let p = try #require(ValueParser.printedFigure(text), "\(text)")
            return ReportedFigure(source: "", project: "", measure: "", gender: "", basis: .actual, value: p.value,
                                  decimals: p.decimals, isPercent: p.isPercent, location: SourceLocation(file: "")).tolerance
        }
        #expect(try tolerance("18 773 kr") == Decimal(string: "0.5"))
        #expect(try tolerance("12 345,50 kr") == Decimal(string: "0.005"))
        #expect(try tolerance("19,2") == Decimal(string: "0.05"))
        #expect(try tolerance("1,689") == Decimal(string: "0.0005"))
        #expect(try tolerance("62%") == Decimal(string: "0.005"))
        #expect(try tolerance("62,1 %") == Decimal(string: "0.0005"))
        #expect(try tolerance("37,512 %") == Decimal(string: "0.000005"))
        // Thousands and millions of kronor: the last place is 100 kr, 1 000 kr, 100 000 kr.
        #expect(try tolerance("1,2 tkr") == 50)
        #expect(try tolerance("1 tkr") == 500)
        #expect(try tolerance("7,2 mnkr") == 50_000)
        #expect(ValueParser.printedFigure("1,2 tkr")?.value == 1200)
        #expect(ValueParser.printedFigure("7,2 mnkr")?.value == 7_200_000)
        // As running text prints it: "38,3 miljoner kronor" (seed 003, section 2.4).
        #expect(ValueParser.printedFigure("38,3 miljoner kronor")?.value == 38_300_000)
        #expect(try tolerance("38,3 miljoner kronor") == 50_000)
        #expect(try tolerance("28,7 miljoner") == 50_000)
        #expect(ValueParser.printedFigure("12 tusen kronor")?.value == 12_000)
        // A group separator is not a decimal one; a zero with decimals keeps them.
        #expect(try tolerance("2 664") == Decimal(string: "0.5"))
        #expect(try tolerance("0,0 kr") == Decimal(string: "0.05"))
        #expect(try tolerance("0,00 %") == Decimal(string: "0.00005"))
    }

    /// Sums of figures must stay exact in integer öre: a figure no project
    /// can have is refused when read, not left to overflow a total.
    @Test func figuresBeyondAnyProjectAreRefused() {
        func readable(_ text: String, _ unit: String) -> Bool {
            if case .value = FollowUpStage.quantity(text, unit: unit) { return true }
            return false
        }
        #expect(readable("10 000 000 000 000 kr", "money"))
        #expect(!readable("60 000 000 000 000 000 kr", "money"))
        #expect(readable("1 000 000 000 000", "count") && !readable("1 000 000 000 001", "count"))
        #expect(!readable("2000000000000,5", "hours"))
    }

    /// Negatives as accounts write them were unreadable: the row was rejected
    /// under the threshold and the project left out of every total with
    /// exit 0. Read as negatives, the analysis refuses them (65).
    @Test func accountingNegativesAreReadAsNegatives() {
        for (text, unit, value) in [("(12 000)", "money", Quantity.money(Money(ore: -1_200_000))), ("(1 000 kr)", "money", .money(Money(ore: -100_000))),
                                    ("1 000-", "money", .money(Money(ore: -100_000))), ("1 000 kr\u{2212}", "money", .money(Money(ore: -100_000))),
                                    ("- 1 000", "count", .count(-1000)), ("(12)", "count", .count(-12)), ("(7,5 h)", "hours", .hours(-7.5))] {
            #expect(FollowUpStage.quantity(text, unit: unit) == .value(value), "\(text)")
        }
        for text in ["()", "(abc)", "-", "kr-", "(12 000"] {
            if case .value = FollowUpStage.quantity(text, unit: "money") { Issue.record("\(text)") }
        }
    }

    @Test func basisWordsAndTotalsRows() {
        #expect(FollowUpFact.Basis(word: "Plan") == .planned && FollowUpFact.Basis(word: "planerat") == .planned)
        #expect(FollowUpFact.Basis(word: "Faktiskt") == .actual && FollowUpFact.Basis(word: "utfall") == .actual)
        #expect(FollowUpFact.Basis(word: "xyz") == nil && FollowUpFact.Basis(word: "") == nil)
        for t in ["Totalt", "SUMMA", " total ", "Samtliga projekt",
                  // As hand-kept sheets write it: each was a project of its own, doubling every total.
                  "Totalt:", "Summa:", "Totalt alla projekt", "Total (3 projekt)", "Summa för alla kurser"] { #expect(TextKey.isTotals(t), "\(t)") }
        for t in ["Totalförsvaret", "BOSS", "Summer camp", "Total Recall", "Alla barns rätt", "Summa summarum"] { #expect(!TextKey.isTotals(t), "\(t)") }
    }
}

@Suite struct OwnScaleTests {
    private func scale(_ yaml: String) throws -> Scale {
        let text = """
            version: 1
            name: x
            survey:
              input: d.csv
              course: Kurs
              scales:
            \(yaml)
              items: [{ column: Q1, scale: egen }]

            """
        let (p, _) = try PipelineLoader.parse(text, file: "p.yaml", baseDirectory: "/tmp")
        return try #require(p.survey?.scales["egen"])
    }

    /// A scale of one's own knows "Vet ej" like the built-in ones unless
    /// it says otherwise; a level that is such a text stays a level.
    @Test func ownScalesTakeTheUsualDontKnowAnswers() throws {
        let plain = try scale("    - { id: egen, levels: [{label: Nej, code: 1}, {label: Ja, code: 2}] }")
        #expect(plain.classify("Vet ej") == .nonSubstantive && plain.classify("Ej aktuellt") == .nonSubstantive)
        #expect(plain.classify("2") == .level(2))
        let own = try scale("    - { id: egen, levels: [Nej, Ja], non_substantive: [Osäker] }")
        #expect(own.classify("Osäker") == .nonSubstantive)
        if case .unknown = own.classify("Vet ej") {} else { Issue.record("'Vet ej' is not unknown on a scale with its own list") }
        let neutral = try scale("    - { id: egen, levels: [Emot, Ingen åsikt, För] }")
        #expect(neutral.classify("Ingen åsikt") == .level(2) && neutral.classify("Vet ej") == .nonSubstantive)
    }
}

@Suite struct MultiSelectColumnTests {
    /// An export of 6 columns: a joined column 4 of two options and "other:
    /// count" (appended 6, 7, 8), then checkboxes in columns 1 and 3
    /// (appended 9, 10). An appended column answers to its source.
    @Test func anAppendedColumnAnswersToTheColumnItWasMadeFrom() {
        let joined = MultiSelectColumn(sources: [4], options: ["A", "B"], id: "m", text: "M", other: .count)
        let boxes = MultiSelectColumn(sources: [1, 3], options: [], id: "c", text: "C")
        #expect((0..<12).map { MultiSelectColumn.source(of: $0, width: 6, [joined, boxes]) } == [0, 1, 2, 3, 4, 5, 4, 4, 4, 1, 3, 11])
    }
}
