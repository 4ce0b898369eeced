# « 13 h 30 », no-break spaces so a time never wraps across lines; `\h` is the letter h.
TIME_FORMAT = "G\xa0\\h\xa0i"
DATETIME_FORMAT = "j F Y \\à G\xa0\\h\xa0i"  # 1 décembre 2026 à 13 h 30
SHORT_DATETIME_FORMAT = "Y-m-d G\xa0\\h\xa0i"
