"""The Kivy head unit. Turns taps into service calls and renders state; no rules live here.

Call `ivi.ui.kivy_setup.configure()` before importing anything else from this package:
Kivy reads its window settings when the window module is first imported.
"""
