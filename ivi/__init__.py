"""ivi: an in-vehicle head unit that asks for, records and honours consent for personal data."""

__version__ = "0.1.0"
