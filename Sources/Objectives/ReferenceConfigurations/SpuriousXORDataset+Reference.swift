import Datasets

extension SpuriousXORDataset: ReferenceConfigured {
    /// ``ReferenceConfiguration/xor(modalityCount:)``, as PID-XOR.
    public var referenceConfiguration: ReferenceConfiguration { .xor(modalityCount: modalityCount) }

    /// `authors`: PID-XOR's (the same script family; scripts/analysis/xor_spurious_pub.py itself
    /// is not audited here).
    public var authorsConfiguration: ReferenceConfiguration? { PIDXORDataset.standard.authorsConfiguration }
}
