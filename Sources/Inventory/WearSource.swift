/// Who logged a wear: the mirror's camera, a batch ingest of recorded frames, or the person by hand.
public enum WearSource: String, CaseIterable, Sendable {
    case camera, ingest, manual
}
