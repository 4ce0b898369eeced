# « 1:30 p.m. », « 9:00 a.m. »: always the minutes, never « noon » or « midnight ».
TIME_FORMAT = "g:i a"
DATETIME_FORMAT = "N j, Y, g:i a"
SHORT_DATETIME_FORMAT = "m/d/Y g:i a"
