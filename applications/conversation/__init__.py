"""A conversation per application between the organisme and the DATAide team: either side
writes, the other side is e-mailed. Committee members never see it (it is not their evidence)."""
