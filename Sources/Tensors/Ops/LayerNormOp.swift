/// Layer normalisation over the last axis.
extension Tensor {
    /// y = (x − μ) / √(σ² + ε) · γ + β per row, with μ, σ² the row's mean and biased variance
    /// (as PyTorch). `gamma`/`beta` have shape [D].
    ///
    /// Gradient (x̂ the normalised row, ĝ = g·γ): dx = (ĝ − mean(ĝ) − x̂ · mean(ĝ·x̂)) / √(σ² + ε);
    /// dγ = Σ_rows g·x̂; dβ = Σ_rows g.
    public func layerNorm(gamma: Tensor, beta: Tensor, epsilon: Float = 1e-5) -> Tensor {
        let d = shape.last ?? 1
        precondition(gamma.shape == [d] && beta.shape == [d],
                     "layerNorm: gamma \(gamma.shape) and beta \(beta.shape) must be [\(d)] for input \(shape)")
        let rows = d == 0 ? 0 : count / d
        let data = self.data, gammaValues = gamma.data, betaValues = beta.data
        // Every element of the three buffers is written below; unsafe pointers drop the bounds
        // checks (the arithmetic and its order are those of the plain loops).
        var xhat = [Float](unsafeUninitializedCapacity: count) { _, n in n = count }
        var invStd = [Float](unsafeUninitializedCapacity: rows) { _, n in n = rows }
        var out = [Float](unsafeUninitializedCapacity: count) { _, n in n = count }
        data.withUnsafeBufferPointer { data in
            gammaValues.withUnsafeBufferPointer { gammaValues in
                betaValues.withUnsafeBufferPointer { betaValues in
                    xhat.withUnsafeMutableBufferPointer { xhat in
                        out.withUnsafeMutableBufferPointer { out in
                            for r in 0..<rows {
                                let base = r * d
                                var mean: Float = 0
                                for j in 0..<d { mean += data[base + j] }
                                mean /= Float(d)
                                var variance: Float = 0
                                for j in 0..<d { let c = data[base + j] - mean; variance += c * c }
                                variance /= Float(d)
                                let inv = 1 / (variance + epsilon).squareRoot()
                                invStd[r] = inv
                                for j in 0..<d {
                                    let h = (data[base + j] - mean) * inv
                                    xhat[base + j] = h
                                    out[base + j] = h * gammaValues[j] + betaValues[j]
                                }
                            }
                        }
                    }
                }
            }
        }
        let x = self
        return Tensor(shape: shape, data: out, parents: [x, gamma, beta]) { outT in
            let g = outT.grad!
            if x.requiresGrad {
                x.accumulateGrad { gx in
                    g.withUnsafeBufferPointer { g in
                        xhat.withUnsafeBufferPointer { xhat in
                            gammaValues.withUnsafeBufferPointer { gammaValues in
                                for r in 0..<rows {
                                    let base = r * d
                                    var meanG: Float = 0, meanGX: Float = 0
                                    for j in 0..<d {
                                        let gh = g[base + j] * gammaValues[j]
                                        meanG += gh
                                        meanGX += gh * xhat[base + j]
                                    }
                                    meanG /= Float(d); meanGX /= Float(d)
                                    for j in 0..<d {
                                        let gh = g[base + j] * gammaValues[j]
                                        gx[base + j] += (gh - meanG - xhat[base + j] * meanGX) * invStd[r]
                                    }
                                }
                            }
                        }
                    }
                }
            }
            gamma.accumulateGrad { gg in
                g.withUnsafeBufferPointer { g in
                    xhat.withUnsafeBufferPointer { xhat in
                        for r in 0..<rows { for j in 0..<d { gg[j] += g[r * d + j] * xhat[r * d + j] } }
                    }
                }
            }
            beta.accumulateGrad { gb in
                g.withUnsafeBufferPointer { g in
                    for r in 0..<rows { for j in 0..<d { gb[j] += g[r * d + j] } }
                }
            }
        }
    }
}
