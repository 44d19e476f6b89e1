import Datasets

extension MOSIDataset: DatasetProtocols {
    /// `harness`: a Transformer encoder per modality (width 40), concat (80) → 64 → ReLU → C, 10
    /// epochs with 2 of unimodal pre-training; λ 0.1, p 0.3, batch 32. The learned mask's λ is from
    /// the `ablation` grid (best mean overall accuracy of λ ∈ {0.01, 0.1, 1, 10, 100}, ties to the
    /// larger; docs/METHOD.md): the MultiBench config's λ = 100 collapses the model once the mask masks.
    public var harnessProtocol: ProtocolSettings {
        ProtocolSettings(
            model: FusionModelConfiguration(encoderWidths: [40],                   // the Transformer's width
                                            fusionWidths: [64], unimodalWidths: [64],
                                            dropout: 0.1,
                                            latentLayerNorm: true,                 // the paper masks after encoder + LayerNorm
                                            sequenceEncoder: TransformerSettings()),  // 2 layers, 5 heads, feed-forward 160
            training: TrainingConfiguration(epochs: 10, batchSize: 32, optimizer: .adam, learningRate: 1e-3, weightDecay: 1e-5,
                                            selection: .accuracy,
                                            unimodalPretrainingEpochs: 2),         // then joint fine-tuning
            lambda: 0.1, maskProbability: 0.3,
            fill: .shuffle,                                    // another example's latent: N(0, 1) on LayerNorm'd latents is out of distribution
            level: .latent,
            learnedLambda: 0.1, learnedSparsity: 0.1,
            branchWeights: SynIB.defaultBranchWeights(modalityCount: modalityCount))  // 2/M each
    }

    /// `authors`: the authors' MOSI command (docs/REPRODUCE.md; synib_u.json) over their MultiBench
    /// defaults (run/configs/multibench/{dataset}/default.json) and model code
    /// (src/synib/models/vlm/synib_mask_model.py); docs/METHOD.md, "Protocols", gives every source.
    public var authorsProtocol: ProtocolSettings? {
        ProtocolSettings(
            model: FusionModelConfiguration(encoderWidths: [40], fusionWidths: [64], // FusionTrunkLinear 80 → 64, LinearHead 64 → 2
                                            unimodalWidths: [],                      // pred_fc = Linear(40, 2)
                                            dropout: 0.1, latentLayerNorm: true,     // F.layer_norm on z before fusion
                                            sequenceEncoder: .multiBench),           // 5 layers, 5 heads, feed-forward 2048
            training: TrainingConfiguration(epochs: 100, batchSize: 32, optimizer: .adam, learningRate: 5e-4,
                                            weightDecay: 1e-3,                       // --wd 0.001
                                            selection: .accuracy,                    // best_model_accuracy_state_dict
                                            unimodalPretrainingEpochs: 10,           // pretrainedEncoder: separate unimodal runs
                                            learningRateSchedule: LearningRateSchedule(warmupSteps: 780, restartPeriod: 4, restartMultiplier: 2),
                                            patience: 29),                           // n_steps_stop 30: stop at 29 without improvement
            lambda: 0.1,                                                         // M_random: --l
            maskProbability: 0.3,                                                  // --perturb_pmin
            fill: .permutation,                                                    // z[randperm(B)] (EMA fill ignored on this branch)
            level: .latent,                                                        // masks on z after LayerNorm
            learnedLambda: 100,                                                   // M_learned: --l
            learnedSparsity: 0.1,                                                // --perturb_lsparse
            branchWeights: [1, 1],                                                 // l_pareto 1
            reference: .maskedAnchor,                                               // FusionIBModel_Mask_U: unimodal_anchor
            learnedGates: .authorsBenchmark(sparsity: 1),                          // code defaults: 20 steps, lr 0.1, soft, EMA 0.99
            bothBranches: true)                                                    // synib_use_random_ce and synib_use_learnable_kl
    }
}
