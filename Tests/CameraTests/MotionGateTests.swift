import Testing

@testable import Camera

/// Synthetic 80x60 grey scenes: a textured background, optional square, brightness, sensor noise.
private func frame(square: (x: Int, y: Int, size: Int)? = nil, brightness: Int = 0, gain: Double = 1, noise: Int = 3,
                   seed: UInt64) -> Image {
    var g = SplitMix(seed: seed)
    var image = Image(width: 80, height: 60, channels: 1)
    for y in 0..<60 {
        for x in 0..<80 {
            var v = Double(60 + (x * 3 + y * 2) % 90)
            if let s = square, (s.x..<(s.x + s.size)).contains(x), (s.y..<(s.y + s.size)).contains(y) { v = 230 }
            v = v * gain + Double(brightness) + Double(Int(g.next() % UInt64(2 * noise + 1)) - noise)
            image.pixels[y * 80 + x] = UInt8(max(0, min(255, Int(v))))
        }
    }
    return image
}

@Suite struct MotionGateTests {
    @Test func stillSceneWithNoiseIsNotMotion() {
        var gate = MotionGate()
        for i in 0..<30 {
            let d = gate.evaluate(frame(seed: UInt64(i)))
            #expect(!d.motion, "frame \(i): \(d)")
        }
    }

    @Test func movingSquareIsMotion() {
        var gate = MotionGate()
        for i in 0..<10 { _ = gate.evaluate(frame(seed: UInt64(i))) }
        var moving = 0
        for i in 0..<10 {
            let d = gate.evaluate(frame(square: (x: 5 + 6 * i, y: 20, size: 12), seed: UInt64(100 + i)))
            if d.motion { moving += 1 }
            #expect(!d.globalChange)
        }
        #expect(moving == 10)
    }

    @Test func objectBelowTheMinimumAreaIsNotMotion() {
        var gate = MotionGate()
        for i in 0..<10 { _ = gate.evaluate(frame(seed: UInt64(i))) }
        // 3x3 = 9 of 4800 pixels (0.19 %) < 1 %.
        let d = gate.evaluate(frame(square: (x: 40, y: 30, size: 3), seed: 99))
        #expect(!d.motion && d.changedFraction > 0)
    }

    @Test(arguments: [(60, 1.0), (0, 1.8), (-50, 1.0), (30, 0.5)])
    func lightsSwitchedAreNotMotion(brightness: Int, gain: Double) {
        var gate = MotionGate()
        for i in 0..<10 { _ = gate.evaluate(frame(seed: UInt64(i))) }
        for i in 0..<10 {
            let d = gate.evaluate(frame(brightness: brightness, gain: gain, seed: UInt64(50 + i)))
            #expect(!d.motion, "after the light change, frame \(i): \(d)")
        }
        // And motion in the new light is still seen.
        let d = gate.evaluate(frame(square: (x: 30, y: 20, size: 14), brightness: brightness, gain: gain, seed: 77))
        #expect(d.motion, "\(d)")
    }

    @Test func personStandingStillFadesIntoTheBackground() {
        var gate = MotionGate()
        for i in 0..<10 { _ = gate.evaluate(frame(seed: UInt64(i))) }
        #expect(gate.evaluate(frame(square: (x: 30, y: 20, size: 14), seed: 20)).motion)
        var last = MotionGate.Decision(motion: true, changedFraction: 1, globalChange: false)
        for i in 0..<80 { last = gate.evaluate(frame(square: (x: 30, y: 20, size: 14), seed: UInt64(21 + i))) }
        #expect(!last.motion)
    }
}
