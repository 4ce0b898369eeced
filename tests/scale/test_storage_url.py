"""STORAGE_URL chooses where private files live."""

from config.object_storage import private_storage_setting


def test_without_storage_url_files_stay_on_local_disk(tmp_path):
    setting = private_storage_setting("", local_root=tmp_path)
    assert setting["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert setting["OPTIONS"]["location"] == tmp_path


def test_storage_url_is_read_with_its_encoded_keys():
    options = private_storage_setting("s3://AK%2F1:se%2Fcret@s3.example.org/bucket/dossier?region=ca-central-1", local_root=None)["OPTIONS"]
    assert options["endpoint_url"] == "https://s3.example.org"
    assert (options["bucket_name"], options["location"], options["region_name"]) == ("bucket", "dossier", "ca-central-1")
    assert (options["access_key"], options["secret_key"]) == ("AK/1", "se/cret")
