import Datasets
import Foundation
import Harness
import Objectives
import Tensors

// The Swift examples of docs/EXTENDING.md, verbatim (ExtendingExamplesTests checks that the
// document still shows exactly these blocks, then builds and runs them).

let ownDataGrid = Grid("own-data", summary: "SynIB on a feature folder") {
    Seeds(0, 1)
    Dataset(.folder(xor3Folder.path))
    Configure { $0.training.epochs = 20 }
    ObjectiveList { .unimodal; .vanilla; .synibRandom }
    Subsets(.byConstruction, .strict)
}

let auxiliaryGrid = Grid("auxiliary", summary: "Unimodal auxiliary losses vs SynIB on xor3") {
    Note("Worked example of docs/EXTENDING.md.")
    Seeds(0)
    Dataset(.folder(xor3Folder.path))
    Configure { settings in
        settings.training.epochs = 20
        settings.model = settings.model.withHidden(64)
    }
    ObjectiveList { .unimodal; .vanilla; .synibRandom; UnimodalAuxiliary(weight: 0.5) }
    Subsets(.byConstruction, .strict)
}

/// The registry lines: each makes a type known by name to the whole process.
func registerExtendingExamples() {
    DatasetRegistry.register(NoisyXOR.self)
    ObjectiveRegistry.register(UnimodalAuxiliary.definition)
}

let registeredGrid = Grid("registered", summary: "A registered dataset and objective") {
    Seeds(0)
    Dataset(DatasetSpec(NoisyXOR()))
    ObjectiveList { .unimodal; .vanilla; .named("unimodal-auxiliary") }
    Subsets(.byConstruction, .strict)
}
