"""When every test drive starts, on the simulator clock: a fixed moment, so that runs repeat."""

from datetime import UTC, datetime

TEST_START = datetime(2026, 11, 21, 1, 30, tzinfo=UTC)  # 09:30 in the car (UTC+8): the day scheme
