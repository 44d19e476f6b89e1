import Datasets

extension PIDXORDataset: ReferenceConfigured {
    /// ``ReferenceConfiguration/xor(modalityCount:)``: docs/METHOD.md, "PID-XOR" exactly.
    public var referenceConfiguration: ReferenceConfiguration { .xor(modalityCount: modalityCount) }
}
