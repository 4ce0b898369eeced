"""Unauthorised-actor cases of the core's services (see tests/test_service_walk.py)."""

from dataide.accounts import services as accounts
from tests.factories import UserFactory


def _update_name():
    # Only the person themself renames their account here (staff use the admin).
    accounts.update_name(actor=UserFactory(), person=UserFactory(), full_name="Julie Lavoie")


CASES = {
    "dataide.accounts.services.update_name": _update_name,
}
