import Datasets
import Testing
@testable import Objectives

/// The rules the planner, the reports and `bench train` share, each written once.
@Suite struct SharedRulesTests {
    /// The irony F1 is the last class's F1 for an irony construction, and absent otherwise.
    @Test func ironyF1IsTheLastClassOfAnIronyDatasetOnly() {
        // Classes 0, 1 and the irony class 2: class 2 has tp = 1, fp = 1, fn = 1 → F1 = 0.5.
        let e = Evaluation(predicted: [0, 1, 2, 2, 0], labels: [0, 1, 2, 0, 2], classCount: 3)
        #expect(e.ironyF1(.irony) == 0.5)
        #expect(e.ironyF1(.irony) == e.perClassF1.last)
        #expect(e.ironyF1(.none) == nil)
        #expect(e.ironyF1(.synthetic) == nil)
        // The shipped irony datasets declare the construction; the others do not.
        #expect(DatasetSpec.named("digits-irony")?.synergyConstruction == .irony)
        #expect(DatasetSpec.named("mfeat-irony")?.synergyConstruction == .irony)
        #expect(DatasetSpec.named("mfeat")?.synergyConstruction == SynergyConstruction.none)
    }

    /// Only a ``ModalityRestricted`` objective refuses a modality count, through the existential too.
    @Test func modalityRestrictionIsTheObjectivesOwn() throws {
        let reference = ProtocolSettings.forDataset("mfeat")
        let restricted: any Objective = try reference.objective(named: "ogm-ge")
        #expect(restricted.unsupportedReason(modalityCount: 6) == "n/a (two modalities only)")
        #expect(restricted.unsupportedReason(modalityCount: 2) == nil)
        for name in ["vanilla", "synib-random", "ensemble", "mmpareto", "cml"] {
            let objective = try reference.objective(named: name)
            #expect(objective.unsupportedReason(modalityCount: 6) == nil, "\(name)")
        }
    }
}
