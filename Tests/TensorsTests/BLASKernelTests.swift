import Foundation
import Testing
import Tensors

/// The kernel decision of `--blas-kernel` (pure: request × environment × CPU features).
@Suite struct BLASKernelTests {
    static let avx512 = CPUFeatures(model: "Xeon", vendor: "GenuineIntel", isX86_64: true, avx2: true, avx512: true, avx512bf16: false)
    static let zen4 = CPUFeatures(model: "EPYC", vendor: "AuthenticAMD", isX86_64: true, avx2: true, avx512: true, avx512bf16: true)
    static let zen2 = CPUFeatures(model: "EPYC", vendor: "AuthenticAMD", isX86_64: true, avx2: true, avx512: false, avx512bf16: false)
    static let old = CPUFeatures(model: "Core 2", vendor: "GenuineIntel", isX86_64: true, avx2: false, avx512: false, avx512bf16: false)
    static let arm = CPUFeatures(model: "Neoverse", vendor: "", isX86_64: false, avx2: false, avx512: false, avx512bf16: false)

    @Test func pinnedIsHaswellOnEveryAVX2Machine() {
        for cpu in [Self.avx512, Self.zen4, Self.zen2] {
            #expect(BLASKernel.decide(.pinned, environment: [:], features: cpu) == .reexecute(coreType: "Haswell"))
        }
        guard case .keep(let source, let note) = BLASKernel.decide(.pinned, environment: [:], features: Self.old) else {
            Issue.record("a CPU without AVX2 cannot run the pin"); return
        }
        #expect(source == "native" && note?.contains("AVX2") == true)
        #expect(BLASKernel.decide(.pinned, environment: [:], features: Self.arm) == .keep(source: "native", note: "no kernel choice on this architecture; OpenBLAS's own detection runs"))
    }

    @Test func fastestNativeAndNamed() {
        #expect(BLASKernel.decide(.fastest, environment: [:], features: Self.avx512) == .reexecute(coreType: "SkylakeX"))
        #expect(BLASKernel.decide(.fastest, environment: [:], features: Self.zen4) == .reexecute(coreType: "Cooperlake"))
        #expect(BLASKernel.decide(.fastest, environment: [:], features: Self.zen2) == .reexecute(coreType: "Zen"))
        #expect(BLASKernel.decide(.native, environment: [:], features: Self.avx512) == .keep(source: "native", note: nil))
        #expect(BLASKernel.decide(.named("SkylakeX"), environment: [:], features: Self.zen2) == .reexecute(coreType: "SkylakeX"))
    }

    /// After the re-exec the variable is ours (same request): keep. A variable the user set is respected.
    @Test func environmentIsRespectedAndTheReexecStops() {
        let ours = ["OPENBLAS_CORETYPE": "Haswell", "SYNIB_BLAS_KERNEL": "pinned"]
        #expect(BLASKernel.decide(.pinned, environment: ours, features: Self.zen4) == .keep(source: "pinned", note: nil))
        #expect(BLASKernel.source(environment: ours) == "pinned")
        let user = ["OPENBLAS_CORETYPE": "SkylakeX"]
        #expect(BLASKernel.decide(.pinned, environment: user, features: Self.zen4) == .keep(source: "environment", note: nil))
        guard case .keep("environment", let note?) = BLASKernel.decide(.fastest, environment: user, features: Self.zen4) else {
            Issue.record("an explicit OPENBLAS_CORETYPE must win over --blas-kernel fastest"); return
        }
        #expect(note.contains("SkylakeX"))
        #expect(BLASKernel.source(environment: user) == "environment")
        #expect(BLASKernel.source(environment: [:]) == "native")
    }

    @Test func parsingAndWarnings() throws {
        #expect(try BLASKernelRequest(parsing: "PINNED") == .pinned)
        #expect(try BLASKernelRequest(parsing: "skylakex") == .named("SkylakeX"))
        #expect(throws: BLASKernelError.self) { try BLASKernelRequest(parsing: "pentium") }
        // A generic kernel on an AVX2/AVX-512 CPU is a loud warning; a vector kernel is not.
        #expect(BLASKernel.warnings(coreName: "Prescott", requested: nil, features: Self.avx512).count == 1)
        #expect(BLASKernel.warnings(coreName: "Haswell", requested: "Haswell", features: Self.avx512).isEmpty)
        #expect(BLASKernel.warnings(coreName: "Prescott", requested: nil, features: Self.old).isEmpty)
        // A request OpenBLAS did not take (e.g. a core type newer than the library) is reported.
        #expect(BLASKernel.warnings(coreName: "Cooperlake", requested: "SapphireRapids", features: Self.zen4).count == 1)
    }

    @Test func cpuinfoParsing() {
        let text = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            model name\t: AMD EPYC 9B14
            flags\t\t: fpu sse2 avx avx2 fma avx512f avx512_bf16

            processor\t: 1
            model name\t: other
            """
        let cpu = CPUFeatures.parse(cpuinfo: text, isX86_64: true)
        #expect(cpu == CPUFeatures(model: "AMD EPYC 9B14", vendor: "AuthenticAMD", isX86_64: true, avx2: true, avx512: true, avx512bf16: true))
        let noFMA = CPUFeatures.parse(cpuinfo: "flags : avx avx2\n", isX86_64: true)
        #expect(!noFMA.avx2)
    }
}
