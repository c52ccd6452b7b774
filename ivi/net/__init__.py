"""The car as a network of ECUs on Eclipse Zenoh: the head unit grants consent leases
(`lease_office`) and asks the sensor ECUs for samples (`head_unit_link`), which they give only
under a lease (`sensor_ecu`); the T-Box carries what the egress guard let out to a cloud over
HTTP (`tbox`, `cloud`), through a recorder (`recorder`) whose capture `traffic` checks. All
of it over sessions on the loopback (`link`). The single-process car (`ivi.car`) needs none of it."""

READY = "ready"  # the line every node prints once it is ready (`ivi.net.nodes.start_all` waits for it)
