import Datasets

extension SpuriousXORDataset: DatasetProtocols {
    /// ``ProtocolSettings/xor(modalityCount:)``, as PID-XOR.
    public var harnessProtocol: ProtocolSettings { .xor(modalityCount: modalityCount) }

    /// `authors`: PID-XOR's (the same script family; scripts/analysis/xor_spurious_pub.py itself
    /// is not audited here).
    public var authorsProtocol: ProtocolSettings? { PIDXORDataset.standard.authorsProtocol }
}
