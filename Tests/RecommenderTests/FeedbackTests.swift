import Foundation
import Testing

@testable import Recommender

@Suite struct FeedbackTests {
    func parse(_ text: String) throws(FeedbackPayloadError) -> FeedbackCommand {
        try FeedbackCommand.parse(Array(text.utf8))
    }

    @Test func validPayloads() throws {
        #expect(
            try parse(#"{"recommendation": "2026-09-21-ab", "outfit": 2, "action": "reject"}"#)
                == FeedbackCommand(recommendationID: "2026-09-21-ab", outfit: 2, action: .reject))
        #expect(try parse(#"{"action":"next"}"#) == FeedbackCommand(action: .next))
        #expect(try parse("accept") == FeedbackCommand(action: .accept))
        #expect(try parse(" \"reject\"\n") == FeedbackCommand(action: .reject))
        #expect(try parse(#"{"recommendation": null, "outfit": 0, "action": "accept"}"#).outfit == 0)
    }

    /// Each malformed payload gives an error saying what is wrong; none crashes.
    @Test(arguments: [
        ("", "empty"),
        ("   ", "empty"),
        ("ACCEPT", "expected a JSON object"),
        ("[1,2]", "expected a JSON object"),
        ("{", "not a flat JSON object"),
        (#"{"action": {"x": 1}}"#, "not a flat JSON object"),
        (#"{"outfit": 1}"#, "missing key \"action\""),
        (#"{"action": "wear"}"#, "\"action\" is \"wear\""),
        (#"{"action": 1}"#, "\"action\" must be a string"),
        (#"{"action": "accept", "outfit": -1}"#, "counts from 0"),
        (#"{"action": "accept", "outfit": 1.5}"#, "must be a whole number"),
        (#"{"action": "accept", "outfit": true}"#, "must be a whole number, got a boolean"),
        (#"{"action": "accept", "outfit": "1"}"#, "must be a whole number"),
        (#"{"action": "accept", "recommendation": 7}"#, "\"recommendation\" must be a string"),
        (#"{"action": "accept", "recommendation": ""}"#, "\"recommendation\" is empty"),
        (#"{"action": "accept", "colour": "red"}"#, "unknown key \"colour\""),
    ])
    func malformedPayloads(_ text: String, _ reason: String) {
        let error = #expect(throws: FeedbackPayloadError.self) { try parse(text) }
        #expect(error?.description.contains(reason) == true, "\(error?.description ?? "no error") lacks \(reason)")
    }

    @Test func binaryAndOversizedPayloadsAreRefused() {
        let notText = #expect(throws: FeedbackPayloadError.self) { try FeedbackCommand.parse([0xFF, 0xFE, 0x00]) }
        #expect(notText?.reason == "payload is not UTF-8 text")
        let huge = [UInt8](repeating: 0x20, count: FeedbackCommand.maximumPayloadBytes + 1)
        let tooLarge = #expect(throws: FeedbackPayloadError.self) { try FeedbackCommand.parse(huge) }
        #expect(tooLarge?.reason.contains("larger than") == true)
    }

    @Test func commandsAreCheckedAgainstTheRecommendation() throws {
        let closet = TestClosets.closet(items: 80, seed: 4)
        let weather = Weather(date: TestClosets.day0, timeZone: TestClosets.utc, temperatureCelsius: 15)
        let recommendation = Recommender().recommend(closet: closet, weather: weather, id: "today")
        #expect(recommendation.outfits.count == 3)
        #expect(
            try FeedbackCommand(recommendationID: "today", outfit: 2, action: .accept).outfitIndex(in: recommendation)
                == 2)
        #expect(try FeedbackCommand(action: .next).outfitIndex(in: recommendation, shown: 1) == 1)
        #expect(throws: FeedbackPayloadError.self) {
            try FeedbackCommand(recommendationID: "yesterday", action: .accept).outfitIndex(in: recommendation)
        }
        #expect(throws: FeedbackPayloadError.self) {
            try FeedbackCommand(outfit: 3, action: .reject).outfitIndex(in: recommendation)
        }
        // Wearing the second outfit (plus a bag) counts as accepting it.
        let worn = Set(recommendation.outfits[1].itemIDs + ["some-bag"])
        #expect(recommendation.outfitIndex(wornItemIDs: worn) == 1)
        #expect(recommendation.outfitIndex(wornItemIDs: []) == nil)
        #expect(FeedbackExample(.accept, outfit: recommendation.outfits[0])?.isPositive == true)
        #expect(FeedbackExample(.reject, outfit: recommendation.outfits[0])?.isPositive == false)
        #expect(FeedbackExample(.next, outfit: recommendation.outfits[0]) == nil)
    }
}
