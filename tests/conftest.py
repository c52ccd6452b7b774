"""Kivy must be told to run headless before anything imports its window, so this runs first."""

from ivi.ui.kivy_setup import configure

configure(headless=True)
