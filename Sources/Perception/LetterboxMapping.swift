/// Maps model-input pixels back to frame pixels for a frame scaled to fit a model input and centred in it (the
/// padding around it is not part of the frame).
public struct LetterboxMapping: Sendable, Equatable {
    /// The frame's size in pixels.
    public let frameWidth: Int, frameHeight: Int
    /// The model input's size in pixels.
    public let inputWidth: Int, inputHeight: Int
    /// Where the scaled frame lies in the input: origin and size in input pixels.
    public let placementX: Int, placementY: Int, placementWidth: Int, placementHeight: Int

    /// The mapping for a frame scaled so that it fits the input, centred (ModelInputResizer's letterbox rule).
    public init(frameWidth: Int, frameHeight: Int, inputWidth: Int, inputHeight: Int) {
        precondition(frameWidth > 0 && frameHeight > 0 && inputWidth > 0 && inputHeight > 0)
        self.frameWidth = frameWidth
        self.frameHeight = frameHeight
        self.inputWidth = inputWidth
        self.inputHeight = inputHeight
        // Same integer rule as ModelInputResizer, so the mapping agrees with the pixels the model saw.
        if frameWidth * inputHeight >= frameHeight * inputWidth {
            let h = max(1, (frameHeight * inputWidth + frameWidth / 2) / frameWidth)
            placementX = 0
            placementY = (inputHeight - h) / 2
            placementWidth = inputWidth
            placementHeight = h
        } else {
            let w = max(1, (frameWidth * inputHeight + frameHeight / 2) / frameHeight)
            placementX = (inputWidth - w) / 2
            placementY = 0
            placementWidth = w
            placementHeight = inputHeight
        }
    }

    /// Frame pixels of a point given in input pixels.
    public func framePoint(inputX: Double, inputY: Double) -> (x: Double, y: Double) {
        let x = (inputX - Double(placementX)) * Double(frameWidth) / Double(placementWidth)
        let y = (inputY - Double(placementY)) * Double(frameHeight) / Double(placementHeight)
        return (x, y)
    }

    /// A box in input pixels as frame pixels (not clipped).
    public func frameBox(_ box: PixelBox) -> PixelBox {
        let a = framePoint(inputX: box.x0, inputY: box.y0), b = framePoint(inputX: box.x1, inputY: box.y1)
        return PixelBox(x0: a.x, y0: a.y, x1: b.x, y1: b.y)
    }
}
