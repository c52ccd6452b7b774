"""Signal paths, from the COVESA Vehicle Signal Specification (VSS) 4.0.

VSS has no camera, microphone or driving-habit branch, so those use an overlay of our own
(marked OVERLAY below): `Vehicle.Cabin.Camera.*`, `Vehicle.Cabin.Microphone.*`,
`Vehicle.Exterior.Camera.*` and `Vehicle.Driver.Habits.*`.
"""

from ivi.core.motion import Gear

VSS_RELEASE = "4.0"

SPEED = "Vehicle.Speed"  # km/h
# The lever, as VSS says it: SelectedGear (int8) has 126 park and 127 drive; CurrentGear (int8)
# is the gear engaged, 0 neutral (in park too), 1 forward, -1 reverse.
GEAR = "Vehicle.Powertrain.Transmission.SelectedGear"
VSS_GEAR = {Gear.PARK: 126, Gear.DRIVE: 127, Gear.NEUTRAL: 0, Gear.REVERSE: -1}
GEAR_OF_VSS = {value: gear for gear, value in VSS_GEAR.items()}
CURRENT_GEAR = "Vehicle.Powertrain.Transmission.CurrentGear"
ENGAGED_GEAR = {Gear.PARK: 0, Gear.DRIVE: 1, Gear.NEUTRAL: 0, Gear.REVERSE: -1}
IGNITION = "Vehicle.LowVoltageSystemState"  # VSS string: OFF, ACC, ON, START
LATITUDE = "Vehicle.CurrentLocation.Latitude"  # degrees
LONGITUDE = "Vehicle.CurrentLocation.Longitude"  # degrees
HORIZONTAL_ACCURACY = "Vehicle.CurrentLocation.HorizontalAccuracy"  # metres
FATIGUE_LEVEL = "Vehicle.Driver.FatigueLevel"  # percent, 0 = fully alert
DISTRACTION_LEVEL = "Vehicle.Driver.DistractionLevel"  # percent, 0 = fully attentive
EYES_ON_ROAD = "Vehicle.Driver.IsEyesOnRoad"  # bool
HEART_RATE = "Vehicle.Driver.HeartRate"  # beats per minute, uint16
DRIVER_CAMERA_FRAME = "Vehicle.Cabin.Camera.Driver.Frame"  # OVERLAY: infrared frame, never leaves the car
CABIN_CAMERA_FRAME = "Vehicle.Cabin.Camera.Cabin.Frame"  # OVERLAY: colour frame of the cabin
MICROPHONE_LEVEL = "Vehicle.Cabin.Microphone.Level"  # OVERLAY: dBFS of the last chunk
MICROPHONE_AUDIO = "Vehicle.Cabin.Microphone.Audio"  # OVERLAY: 100 ms of 16 kHz 16-bit mono PCM
HARSH_EVENT = "Vehicle.Driver.Habits.HarshEvent"  # OVERLAY: "braking" or "acceleration"
EXTERIOR_CAMERA_FRAME = "Vehicle.Exterior.Camera.Front.Frame"  # OVERLAY: front camera frame

LOCATION = (LATITUDE, LONGITUDE, HORIZONTAL_ACCURACY)

# The unit of each standard signal, as VSS names it (tests/integration/test_vss.py holds them to
# the specification); those with none are counts, codes, states or truths.
UNITS = {
    SPEED: "km/h",
    LATITUDE: "degrees",
    LONGITUDE: "degrees",
    HORIZONTAL_ACCURACY: "m",
    FATIGUE_LEVEL: "percent",
    DISTRACTION_LEVEL: "percent",
    HEART_RATE: "bpm",
}
OVERLAY = (
    DRIVER_CAMERA_FRAME,
    CABIN_CAMERA_FRAME,
    MICROPHONE_LEVEL,
    MICROPHONE_AUDIO,
    HARSH_EVENT,
    EXTERIOR_CAMERA_FRAME,
)

# Every path the simulated car publishes, for reports that must show zero counts too.
ALL_PATHS = (
    SPEED,
    GEAR,
    CURRENT_GEAR,
    IGNITION,
    *LOCATION,
    DRIVER_CAMERA_FRAME,
    FATIGUE_LEVEL,
    DISTRACTION_LEVEL,
    EYES_ON_ROAD,
    HEART_RATE,
    CABIN_CAMERA_FRAME,
    MICROPHONE_LEVEL,
    MICROPHONE_AUDIO,
    HARSH_EVENT,
    EXTERIOR_CAMERA_FRAME,
)
