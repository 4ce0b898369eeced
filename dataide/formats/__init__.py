"""Our date and time formats (FORMAT_MODULE_PATH), read before Django's own.

Django's fr_CA TIME_FORMAT is "H\xa0h\xa0i", whose unescaped `h` is the 12-hour hour: 13:30
printed « 13 01 30 ». Quebec French writes « 13 h 30 »; English writes « 1:30 p.m. » (Django's `P`
would print « 1 p.m. », « noon », « midnight »). Only the names defined here override Django's.
"""
