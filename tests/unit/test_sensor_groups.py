"""Each sensor ECU's group, as the head unit and the command know it without making the
sensors, is the group the ECU makes; and every personal sensor of the catalog lives in one but
the driving habits, which the head unit derives from the vehicle's speed."""

from ivi.bootstrap import load_catalog
from ivi.cli.ecu import SENSOR_GROUPS
from ivi.net.link import ECU_KEYS
from ivi.net.sensor_ecu import GROUPS, SENSOR_IDS, HeardVehicle, group_of


def test_the_head_unit_and_the_command_know_each_group_as_its_ecu_makes_it():
    assert list(SENSOR_IDS) == list(GROUPS) == list(ECU_KEYS) == SENSOR_GROUPS
    for group, make in GROUPS.items():
        assert tuple(sensor.id for sensor in make(HeardVehicle())) == SENSOR_IDS[group]


def test_every_personal_sensor_but_the_habits_the_head_unit_reads_off_the_speed_lives_in_an_ecu():
    catalog = load_catalog()
    in_ecus = {sensor for ids in SENSOR_IDS.values() for sensor in ids}
    assert in_ecus == {s for s in catalog.sensors if catalog.is_personal(s)} - {"habit_recorder"}
    assert group_of("exterior_camera") == "exterior" and group_of("gnss") == "location"
    assert group_of("habit_recorder") is None and group_of("vehicle_bus") is None
