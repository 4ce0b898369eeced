from datetime import timedelta

import pytest
from django.utils import timezone

from programs.models import GrantTier


@pytest.fixture(autouse=True)
def _tier_windows_open_today(db):
    """The reference windows run 2026–2029; tests must not depend on the day they run."""
    today = timezone.localdate()
    GrantTier.objects.update(window_opens_on=today - timedelta(days=60), window_closes_on=today + timedelta(days=60))
