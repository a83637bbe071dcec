// swift-tools-version:6.0
// kscript: a native Swift interpreter for Keras tutorial scripts.
// Targets follow ../shared/DESIGN.md: the language (KScript) knows no engine,
// the engine knows no language; only the bindings and the CLI see both.
import PackageDescription

let package = Package(
    name: "kscript",
    products: [
        .executable(name: "kscript", targets: ["KScriptCLI"]),
        .library(name: "KScript", targets: ["KScript"]),
        .library(name: "KTensor", targets: ["KTensor"]),
        .library(name: "Keras", targets: ["Keras"]),
    ],
    dependencies: [
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        .systemLibrary(name: "CFormat", path: "Sources/CFormat"),
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS"),
        // Vector loops in C: no errno path to stop sqrt from vectorizing, and no fused
        // multiply-adds, so every machine (whichever vector width it gets) computes the same bits.
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-fno-math-errno", "-ffp-contract=off"])]),
        .target(
            name: "KTensor",
            dependencies: ["COpenBLAS", "CKernels"],
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),
        .target(
            name: "KScript",
            dependencies: [
                "CFormat",
                .product(name: "BigInt", package: "BigInt"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            // The evaluator's frames and nodes are classes touched on every step; dynamic
            // exclusivity checks on them cost ~15% of run time and guard nothing we rely on.
            // An interpreter's objects are only ever used by one thread at a time (a generator's
            // thread and its caller hand over with semaphores), so reference counts need not be
            // atomic: non-atomic ones make the evaluator 25-35% faster.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked", "-Xfrontend", "-assume-single-threaded"])]
        ),
        .target(
            name: "Keras",
            dependencies: ["KTensor", "CKernels"],
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),
        .systemLibrary(name: "CGraphviz", path: "Sources/CGraphviz"),
        .systemLibrary(name: "CCairo", path: "Sources/CCairo"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CHDF5", path: "Sources/CHDF5"),
        .target(
            name: "Pictures",
            dependencies: ["CGraphviz", "CCairo"]
        ),
        .target(
            name: "KScriptBindings",
            dependencies: ["KScript", "KTensor", "Keras", "Pictures", "CZlib", "CHDF5"]
        ),
        .systemLibrary(name: "CReadline", path: "Sources/CReadline"),
        .executableTarget(
            name: "KScriptCLI",
            dependencies: ["KScript", "KScriptBindings", "KTensor", "CReadline"]
        ),
        .executableTarget(name: "KernelBench", dependencies: ["KTensor"]),
        .testTarget(name: "KScriptTests", dependencies: ["KScript"]),
        .testTarget(name: "KTensorTests", dependencies: ["KTensor", "CKernels"]),
        .testTarget(name: "KerasTests", dependencies: ["Keras"]),
        .testTarget(name: "PicturesTests", dependencies: ["Pictures"]),
        .testTarget(name: "ScriptTests", dependencies: ["KScript", "KScriptBindings", "Pictures"], exclude: ["cases", "examples"]),
        .testTarget(name: "CLITests", dependencies: ["KScriptCLI"]),
    ],
    swiftLanguageModes: [.v5]
)
