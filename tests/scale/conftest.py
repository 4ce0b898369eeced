import os
import uuid

import pytest

from . import s3_server

IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def s3(tmp_path_factory):
    """One SeaweedFS for the session. Skipped where it can't start, except under CI=true, where
    that fails the run: CI must prove the real thing."""
    try:
        server = s3_server.start(tmp_path_factory.mktemp("seaweedfs"))
    except RuntimeError as error:
        if IN_CI:
            pytest.fail(f"needs an S3 server: {error}")
        pytest.skip(f"needs an S3 server: {error}")
    yield server
    server.stop()


@pytest.fixture
def s3_prefix():
    return f"test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def private_on_s3(s3, s3_prefix, settings):
    """Private files go to the S3 server, under a folder of this test's own."""
    from config.object_storage import private_storage_setting

    settings.STORAGES = {**settings.STORAGES, "private": private_storage_setting(s3.storage_url(s3_prefix), local_root=None)}
    return s3
