/// A metric of a report row, a percentage: what a table column shows and what a figure's points
/// plot (declared with the figure in a grid, so it lives with the grid vocabulary; Reports reads
/// it from the rows).
public enum ReportMetric: Sendable, Equatable {
    /// Overall test accuracy.
    case overall
    /// Accuracy on the named synergy subset ("by-construction", "strict", "majority").
    case subset(String)
    /// F1 of the irony class.
    case ironyF1

    /// The default y axis label.
    public var axisLabel: String {
        switch self {
        case .overall: "overall accuracy (%)"
        case .subset(let name): "\(name) subset accuracy (%)"
        case .ironyF1: "irony-class F1 (%)"
        }
    }
}
