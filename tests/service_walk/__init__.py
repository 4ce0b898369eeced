"""Unauthorised-actor cases for every state-changing service (see tests/test_service_walk.py).

Each app has one module here, `tests/service_walk/<app>.py`, exposing

    CASES: dict[str, Callable[[], None]]

keyed by the service's dotted name (`"applications.services.screen_application"`). A case builds
what it needs with the factories, then calls the service with an actor who must be refused (a
member of another organisme, regional staff of another region, an unassigned committee member…).
The walk runs each case inside a test database and expects `PermissionDenied`, with no audit event
written. A service that takes a keyword-only `actor` and has no case fails the walk.
"""
