import Harness

/// The project's grids, for `bench --grid NAME` and `bench list grids`. Adding a grid = one
/// file in experiments/ defining it plus one line here.
public let registry = GridRegistry([
    paperGrid,
    smokeGrid,
    xorGrid,
    ironyGrid,
    ablationGrid,
    pidGrid,
    featuresGrid,
    entangledGrid,
    protocolsGrid,
])
