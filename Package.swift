// swift-tools-version:6.1
// The layout is the dependency graph: portable logic (Engine, Inventory, Recommender) imports no C library shim;
// I/O lives in leaf targets (Camera, MQTT, Daemon); test support has its own target.
import PackageDescription

let package = Package(
    name: "closetd",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "closetd", targets: ["closetd"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // Thin shims over system C libraries: only what Swift cannot do itself.
        .systemLibrary(name: "CV4L2", pkgConfig: "libv4l2", providers: [.apt(["libv4l-dev"])]),
        .systemLibrary(name: "CJPEG", pkgConfig: "libjpeg", providers: [.apt(["libjpeg-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CMosquitto", pkgConfig: "libmosquitto", providers: [.apt(["libmosquitto-dev"])]),
        // Our SIMD kernels: one folder per family, scalar oracle + NEON + NEON dot + AVX2 variants, run-time dispatch.
        .target(name: "CKernels"),
        // The int8 TFLite engine: model reader (untrusted input), planner, ops. Portable: imports no system shim.
        .target(name: "Engine", dependencies: ["CKernels"]),

        .target(
            name: "MQTT",
            dependencies: [
                "CMosquitto",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Daemon",
            dependencies: [
                "MQTT",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "closetd",
            dependencies: [
                "Daemon",
                "Engine",
                "MQTT",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .testTarget(name: "DaemonTests", dependencies: ["Daemon"]),
        .testTarget(name: "CKernelsTests", dependencies: ["CKernels"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
