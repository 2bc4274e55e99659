package costestimate

// StrategyItem and SpotShareOf let the cross-check test (package costestimate_test, which may import the program)
// price the capacity provider strategy the program registered.
type StrategyItem = strategyItem

// SpotShareOf is spotShare.
var SpotShareOf = spotShare
