// swift-tools-version:6.0
import PackageDescription

// The targets mirror the pipeline: read → (validate, normalize, aggregate) → write,
// with the model shared by all and the CLI a thin shell over UtfallPipeline.
// Only UtfallRead imports CCSV and only UtfallWrite imports CXlsxWriter.
/// The modules every field of a large export passes through. Release builds
/// leave out Swift's run-time exclusivity checks there: a per-field check of
/// each class property touched cost about a fifth of reading (perf, 1 M rows);
/// the compile-time checks still hold, and debug builds and tests keep both.
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "utfall",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "utfall", targets: ["utfall"]),
        .library(name: "UtfallPipeline", targets: ["UtfallPipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        .systemLibrary(name: "CCSV", path: "Sources/CCSV", providers: [.apt(["libcsv-dev"])]),
        .systemLibrary(
            name: "CXlsxWriter", path: "Sources/CXlsxWriter", pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]),
        // Header only: a cache prefetch, which Swift does not offer.
        .systemLibrary(name: "CPrefetch", path: "Sources/CPrefetch"),
        .target(name: "UtfallModel", swiftSettings: hotPath),
        .target(name: "UtfallRead", dependencies: ["UtfallModel", "CCSV"], swiftSettings: hotPath),
        .target(name: "UtfallAnalyze", dependencies: ["UtfallModel", "CPrefetch"], swiftSettings: hotPath),
        .target(name: "UtfallWrite", dependencies: ["UtfallModel", "UtfallAnalyze", "CXlsxWriter"]),
        .target(
            name: "UtfallPipeline",
            dependencies: [
                "UtfallModel", "UtfallRead", "UtfallAnalyze", "UtfallWrite",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .executableTarget(
            name: "utfall",
            dependencies: [
                "UtfallPipeline", "UtfallRead", "UtfallModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "UtfallModelTests", dependencies: ["UtfallModel"]),
        .testTarget(name: "UtfallReadTests", dependencies: ["UtfallRead"], resources: [.copy("Fixtures")]),
        .testTarget(name: "UtfallAnalyzeTests", dependencies: ["UtfallAnalyze"]),
        // Reference/ holds approved workbooks, read by path (#filePath), not bundled.
        .testTarget(name: "UtfallWriteTests", dependencies: ["UtfallWrite", "UtfallAnalyze", "UtfallModel"], exclude: ["Reference"]),
        .testTarget(name: "UtfallPipelineTests", dependencies: ["UtfallPipeline", "UtfallAnalyze", "UtfallModel"]),
        .testTarget(name: "UtfallCLITests", dependencies: ["utfall"]),
    ]
)
