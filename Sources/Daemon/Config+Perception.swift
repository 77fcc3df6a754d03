import Perception

extension Config.Perception {
    /// The pipeline's settings with this configuration's values (defaults for the rest).
    public var settings: PerceptionSettings {
        var settings = PerceptionSettings()
        settings.session.gapToleranceSeconds = gapToleranceSeconds
        settings.session.minimumWholePersonFrames = minimumSessionFrames
        settings.session.maximumStillSpeed = maximumStillSpeed
        settings.personCheck.minimumStandingShare = minimumStandingShare
        settings.personCheck.acceptsCloseUps = closeUps
        settings.session.minimumGarmentFrames = minimumGarmentFrames
        settings.session.minimumSharpness = minimumSharpness
        settings.detector.scoreThreshold = detectorScoreThreshold
        settings.match.matchThreshold = matchThreshold
        settings.match.candidateThreshold = candidateThreshold
        settings.match.sameDayBonus = sameDayBonus
        settings.match.shoeColourScale = shoeColourScale
        settings.match.clearShoeColourScale = clearShoeColourScale
        settings.match.shoeLightnessWeight = shoeLightnessWeight
        return settings
    }
}
