// swift-tools-version:6.1
// The layout is the dependency graph: portable logic (Engine, Inventory, Recommender) does no I/O and imports no I/O shim
// I/O lives in leaf targets (Camera, MQTT, Daemon); test support has its own target.
import PackageDescription

let package = Package(
    name: "closetd",
    platforms: [.macOS(.v15)],
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
        // libjpeg behind setjmp (errors come back as codes and messages, never exit()).
        .target(name: "CJPEGShim", linkerSettings: [.linkedLibrary("jpeg")]),

        .target(
            name: "Camera",
            dependencies: [
                "CV4L2",
                "CJPEGShim",
                "CKernels",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The int8 TFLite engine: model reader (untrusted input), planner, ops. Portable: imports no system shim.
        .target(name: "Engine", dependencies: ["CKernels"]),
        // The models folder's manifest: checksums and contracts, checked before a model is loaded.
        .target(name: "ModelCatalog"),
        // Frames to garments: pose, whole-person check, detection, crops, classification, colour, mirror sessions,
        // matching to the closet. Runs the models on Engine; reuses Camera's decoder and resize kernels.
        .target(name: "Perception", dependencies: ["Engine", "Camera", "Inventory", "ModelCatalog"], exclude: ["README.md"]),

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
                "Inventory",
                "InventoryStore",
                "Recommender",
                "Camera",
                "Engine",
                "Perception",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Outfit recommendations: candidates, scoring, learned compatibility (OpenBLAS), exact top-k search.
        .target(name: "Recommender", dependencies: ["COpenBLAS"]),
        // The closet inventory: portable model and logic (no Glibc), and the on-disk store (journal, fsync, flock).
        .target(name: "Inventory"),
        .target(name: "InventoryStore", dependencies: ["Inventory"]),
        // Test helpers: a writer the crash tests SIGKILL, and the inventory benchmark.
        .executableTarget(name: "inventory-torture", dependencies: ["Inventory", "InventoryStore"]),
        .executableTarget(name: "inventory-bench", dependencies: ["Inventory", "InventoryStore"]),
        .executableTarget(
            name: "closetd",
            dependencies: [
                "Camera",
                "Daemon",
                "Engine",
                "MQTT",
                "Perception",
                "Recommender",
                "Inventory",
                "InventoryStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Capture tests against vivid, run inside a VM by tools/vm/run-camera-vm-tests.sh.
        .executableTarget(
            name: "camera-vm-tests",
            dependencies: ["Camera", "CV4L2", .product(name: "Logging", package: "swift-log")]
        ),

        // Benchmark (release builds only): decode + preprocess, kernels vs scalar, motion gate per frame.
        .executableTarget(
            name: "camera-benchmark",
            dependencies: ["Camera", .product(name: "Logging", package: "swift-log")]
        ),

        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "DaemonTests", dependencies: ["Daemon", "TestSupport", "Camera", "Inventory", "InventoryStore", "Perception"]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport"]),
        .testTarget(
            name: "CameraTests",
            dependencies: [
                "Camera", "CKernels", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "MQTTTests",
            dependencies: ["MQTT", "TestSupport", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "RecommenderTests", dependencies: ["Recommender"]),
        .testTarget(
            name: "InventoryTests",
            dependencies: ["Inventory", "InventoryStore"]
        ),
        .testTarget(name: "CKernelsTests", dependencies: ["CKernels"]),
        .testTarget(
            name: "PerceptionTests",
            dependencies: ["Perception", "Camera", "Engine", "Inventory", "InventoryStore", "ModelCatalog", "Daemon", "TestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine"], exclude: ["Fixtures"]),
        .testTarget(name: "ModelCatalogTests", dependencies: ["ModelCatalog"]),
    ],
    swiftLanguageModes: [.v6]
)
