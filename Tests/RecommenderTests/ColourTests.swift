import Testing

@testable import Recommender

@Suite struct ColourTests {
    @Test(arguments: [
        ("navy", "white", ColourHarmony.neutral),
        ("black", "red", .neutral),
        ("brown", "light blue", .neutral),
        ("orange", "blue", .complementary),
        ("yellow", "purple", .complementary),
        ("blue", "light blue", .analogous),
        ("red", "pink", .analogous),
        ("red", "green", .complementary),
        ("red", "purple", .clash),
        ("yellow", "pink", .clash),
    ])
    func namedPairs(_ first: String, _ second: String, _ expected: ColourHarmony) {
        #expect(ColourHarmony.judge(GarmentColour(name: first), GarmentColour(name: second)) == expected)
    }

    @Test func measuredColoursAreJudgedByTheirValues() {
        // A named "blue" that was measured as a dark navy counts as neutral; an unnamed vivid orange does not.
        let darkBlue = GarmentColour(name: "blue", measured: SRGBColour(red8: 20, green8: 28, blue8: 70))
        #expect(darkBlue.isNeutral)
        let vivid = GarmentColour(name: "rust", measured: SRGBColour(red8: 230, green8: 110, blue8: 20))
        #expect(!vivid.isNeutral)
        #expect(ColourHarmony.judge(vivid, GarmentColour(name: "blue")) == .complementary)
        #expect(ColourHarmony.judge(GarmentColour(name: "mystery"), GarmentColour(name: "red")) == .unknown)
    }

    @Test func labRoundTrip() {
        for colour in ColourNames.table.values {
            let lab = colour.lab
            let back = SRGBColour(lightness: lab.lightness, a: lab.a, b: lab.b)
            #expect(abs(back.red - colour.red) < 1e-3 && abs(back.green - colour.green) < 1e-3)
            #expect(abs(back.blue - colour.blue) < 1e-3)
        }
        #expect(SRGBColour(red: 1, green: 1, blue: 1).lab.lightness > 99.9)
        #expect(SRGBColour(red: 0.5, green: 0.5, blue: 0.5).chroma < 0.01)
    }

    @Test func reasonsReadLikeAStylist() {
        #expect(ColourHarmony.neutral.reason("navy", "white") == "navy + white")
        #expect(ColourHarmony.complementary.reason("orange", "blue") == "orange + blue (complementary)")
        #expect(ColourHarmony.clash.reason("red", "green") == nil)
    }
}
