import Foundation

/// A line chart declared in a grid body: points read from the grid's report rows (one per
/// dataset label × objective, mean ± std over seeds), grouped into named series. Reports draw
/// it as SVG (next to the Markdown and inline in the HTML page).
///
///     Figure("irony-f1.svg", title: "Digits-irony: irony F1 vs α", metric: .ironyF1,
///            x: FigureAxis("α (irony examples / mean class count)", scale: .log),
///            sweep: IronySweep.alphas.map { ($0, IronySweep.label("digits-irony", alpha: $0)) },
///            objectives: [("vanilla", "vanilla"), ("synib-random", "SynIB-random")])
public struct Figure: GridComponent, Sendable {
    /// The file name of the SVG (e.g. "xor-lambda.svg"); also the figure's id in the HTML page.
    public let file: String
    /// The title above the plot.
    public let title: String
    /// What the y axis shows.
    public let metric: ReportMetric
    /// The x axis (label, scale, tick labels).
    public let x: FigureAxis
    /// The y axis label.
    public let yLabel: String
    /// The lines, in legend order.
    public let series: [FigureSeries]

    /// A figure from explicit series.
    public init(_ file: String, title: String, metric: ReportMetric, x: FigureAxis, yLabel: String? = nil,
                series: [FigureSeries]) {
        self.file = file
        self.title = title
        self.metric = metric
        self.x = x
        self.yLabel = yLabel ?? metric.axisLabel
        self.series = series
    }

    /// A sweep: one point per (x, dataset label) of `sweep` for each objective of `objectives`
    /// (objective name, legend name).
    public init(_ file: String, title: String, metric: ReportMetric, x: FigureAxis, yLabel: String? = nil,
                sweep: [(x: Double, dataset: String)], objectives: [(objective: String, name: String)]) {
        self.init(file, title: title, metric: metric, x: x, yLabel: yLabel, series: objectives.map { objective, name in
            FigureSeries(name, points: sweep.map { FigurePoint(x: $0.x, dataset: $0.dataset, objective: objective) })
        })
    }

    public func apply(to grid: inout Grid) { grid.figures.append(self) }
}

/// A figure's x axis: its label, how values map to positions and which ticks are labelled.
public struct FigureAxis: Sendable, Equatable {
    /// How x values are placed.
    public enum Scale: Sendable, Equatable {
        /// Proportional to the value.
        case linear
        /// Proportional to log10 of the value (every x must be positive).
        case log
        /// Evenly spaced in the order of ``FigureAxis/ticks`` (x values are tick values).
        case categorical
    }

    /// The axis label.
    public let label: String
    /// The scale.
    public let scale: Scale
    /// Tick values and their labels; nil = one tick per distinct x, labelled with `%g`.
    public let ticks: [(value: Double, label: String)]?

    /// An axis.
    public init(_ label: String, scale: Scale = .linear, ticks: [(value: Double, label: String)]? = nil) {
        self.label = label
        self.scale = scale
        self.ticks = ticks
    }

    public static func == (a: FigureAxis, b: FigureAxis) -> Bool {
        a.label == b.label && a.scale == b.scale
            && a.ticks?.map(\.value) == b.ticks?.map(\.value) && a.ticks?.map(\.label) == b.ticks?.map(\.label)
    }
}

/// One line of a figure.
public struct FigureSeries: Sendable, Equatable {
    /// The legend name.
    public let name: String
    /// Its points (drawn sorted by x).
    public let points: [FigurePoint]

    /// A series.
    public init(_ name: String, points: [FigurePoint]) {
        self.name = name
        self.points = points
    }
}

/// One point of a series: plotted at `x`, its y read from the report row (`dataset`, `objective`).
public struct FigurePoint: Sendable, Equatable {
    /// The x value.
    public let x: Double
    /// The row's dataset label.
    public let dataset: String
    /// The row's objective name.
    public let objective: String

    /// A point.
    public init(x: Double, dataset: String, objective: String) {
        self.x = x
        self.dataset = dataset
        self.objective = objective
    }
}
