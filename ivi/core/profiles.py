"""Driver profiles: consents belong to a profile. The guest profile is anyone's, so nothing
it agrees to outlives the drive it was given in."""

import re

from ivi.core.errors import InvalidProfile

DEFAULT_PROFILE = "driver"
GUEST_PROFILE = "guest"
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")  # not "-x": that reads as an option


def check_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise InvalidProfile(name)
    return name
