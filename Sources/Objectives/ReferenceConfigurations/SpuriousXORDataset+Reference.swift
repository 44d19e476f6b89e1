import Datasets

extension SpuriousXORDataset: ReferenceConfigured {
    /// ``ReferenceConfiguration/xor(modalityCount:)``, as PID-XOR.
    public var referenceConfiguration: ReferenceConfiguration { .xor(modalityCount: modalityCount) }
}
