import Testing
import Tensors

/// The two generators against values computed outside Swift: SplitMix64's published outputs for
/// seed 0 (Vigna's reference splitmix64.c), and xoshiro256** seeded through SplitMix64 as
/// ``RandomStream`` documents it, written out in Python (integers masked to 64 bits).
@Suite struct RandomGeneratorTests {
    @Test func splitMix64MatchesTheReferenceOutputs() {
        var g = SplitMix64(seed: 0)
        #expect([g.next(), g.next(), g.next(), g.next()]
                == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F, 0xF88B_B8A8_724C_81EC])
        var h = SplitMix64(seed: 0)
        _ = h.next()
        #expect(h.state == 0x9E37_79B9_7F4A_7C15, "the state advances by the golden-ratio increment")
    }

    @Test func randomStreamIsXoshiroSeededBySplitMix() {
        var s = RandomStream(seed: 7)
        #expect([s.next(), s.next(), s.next(), s.next()]
                == [0xB358_FAF7_4EF9_765A, 0x475C_3D96_4F48_2CD2, 0xD6F1_D349_952C_7996, 0xFB29_3873_1E80_7240])
        var child = RandomStream(seed: 7).split("init")
        #expect([child.next(), child.next()] == [0xF94E_CCE5_0A8E_CB12, 0x37CB_E707_F323_E474])
    }

    @Test func uniformDoubleUsesTheTop53Bits() {
        var a = SplitMix64(seed: 3), b = SplitMix64(seed: 3)
        let u = a.uniformDouble()
        #expect(u == Double(b.next() >> 11) / 9_007_199_254_740_992.0)
        #expect((0..<1000).allSatisfy { _ in (0..<1).contains(a.uniformDouble()) })
    }
}
