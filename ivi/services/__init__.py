"""The service layer, the only way above it to the car's record (docs/architecture.md):

- `queries.PrivacyQueries`: every read the screens, the CLI and the test kit make, with the
  stops carried out but not yet recorded taken as recorded;
- `privacy.PrivacyService`: the query side plus every write, each one transaction and then
  its domain events;
- `stopping.Stopping`: a stop in two steps, carried out at once and recorded after.
"""
