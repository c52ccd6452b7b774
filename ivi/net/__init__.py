"""The car as a network of ECUs on Eclipse Zenoh: the head unit grants consent leases
(`lease_office`), sensor ECUs publish only under them (`sensor_ecu`), over sessions on the
loopback (`link`). The single-process car (`ivi.car`) needs none of it."""
