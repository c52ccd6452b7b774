"""The pure domain: catalog, consent rules, drives and events. No I/O, no Kivy.

Time comes in as arguments or through a `Clock`, so the rules can be tested and
fast-forwarded without sleeping.
"""
