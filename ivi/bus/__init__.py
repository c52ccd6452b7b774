"""The simulated sensor bus: signals by VSS path, sensors, the consent gate, in-car processing."""
