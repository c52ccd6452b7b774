"""Signal paths, from the COVESA Vehicle Signal Specification (VSS) 4.0.

VSS has no camera or microphone branch, so frames use an overlay of our own under
`Vehicle.Cabin.Camera.*` (marked OVERLAY below).
"""

VSS_RELEASE = "4.0"

SPEED = "Vehicle.Speed"  # km/h
LATITUDE = "Vehicle.CurrentLocation.Latitude"  # degrees
LONGITUDE = "Vehicle.CurrentLocation.Longitude"  # degrees
HORIZONTAL_ACCURACY = "Vehicle.CurrentLocation.HorizontalAccuracy"  # metres
FATIGUE_LEVEL = "Vehicle.Driver.FatigueLevel"  # percent, 0 = fully alert
DRIVER_CAMERA_FRAME = "Vehicle.Cabin.Camera.Driver.Frame"  # OVERLAY: infrared frame, never leaves the car

LOCATION = (LATITUDE, LONGITUDE, HORIZONTAL_ACCURACY)

# Every path the simulated car publishes, for reports that must show zero counts too.
ALL_PATHS = (SPEED, *LOCATION, DRIVER_CAMERA_FRAME, FATIGUE_LEVEL)
