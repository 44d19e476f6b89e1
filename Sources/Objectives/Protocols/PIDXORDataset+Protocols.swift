import Datasets

extension PIDXORDataset: DatasetProtocols {
    /// `harness`: the paper's PID-XOR settings (docs/METHOD.md, "PID-XOR").
    public var harnessProtocol: ProtocolSettings {
        ProtocolSettings(
            model: FusionModelConfiguration(encoderWidths: [256, 256], fusionWidths: [128, 128], unimodalWidths: [256],
                                            dropout: 0, latentLayerNorm: false),
            training: TrainingConfiguration(epochs: 30, batchSize: 64, optimizer: .adam, learningRate: 3e-4, weightDecay: 1e-5,
                                            selection: .accuracy),
            lambda: 10, maskProbability: 0.5,
            fill: .noise(1),                                   // N(0, 1) in place of a withheld input coordinate
            level: .input,                                     // masks act on x_m, where the synergy block is known
            learnedLambda: 10, learnedSparsity: 0.1,
            branchWeights: SynIB.defaultBranchWeights(modalityCount: modalityCount))  // 2/M each
    }

    /// `authors`: the authors' corrected PID-XOR study (scripts/analysis/rebuttal_entangled_xor.py
    /// over Xor_PID3Main_MaskSynIB_Search.py; docs/METHOD.md, "Protocols", has the source of
    /// every line).
    public var authorsProtocol: ProtocolSettings? {
        ProtocolSettings(
            model: FusionModelConfiguration(encoderWidths: [1024, 1024],   // FusionModel(hidden = Config.hidden = 1024)
                                            fusionWidths: [128, 128],      // fuse_hidden 128
                                            unimodalWidths: [1024],        // score_m: Linear(H, H) → ReLU → Linear(H, 1)
                                            dropout: 0,                    // run_arm: cfg.dropout = 0.0
                                            singleLogit: true),            // every head ends in Linear(·, 1), trained with BCE
            training: TrainingConfiguration(epochs: 30, batchSize: 64, optimizer: .adam, learningRate: 3e-4,
                                            weightDecay: 1e-5,             // Adam's coupled L2, as torch.optim.Adam
                                            selection: .lastEpoch),        // "Final model = last epoch"
            lambda: 10,                                                    // lambda_kl
            maskProbability: 0.5,                                          // random_mask_proportion
            fill: .noise(1),                                               // destroy_block: N(0, 1)
            level: .input,                                                 // masks act on x_m
            learnedLambda: 10,
            learnedSparsity: 1,                                            // lam_sparsity (λ_M)
            branchWeights: [1, 1],                                         // l_cf = KL(f_t0) + KL(f_t1)
            reference: .uniform,                                           // bern_kl_to_uniform_from_logits
            learnedGates: .authorsXOR(steps: 20, sparsity: 1),             // learn_one_gate, 20 steps
            oracleTag: "synergy")                                          // mask0 marks MASK_SYN on syn rows only
    }
}
