"""STORAGES["private"] from the environment: local disk unless STORAGE_URL names a bucket.

STORAGE_URL=s3://ACCESS_KEY:SECRET_KEY@host[:port]/bucket[?secure=false&region=ca-central-1]
(keys URL-encoded; without them boto3 finds credentials itself, e.g. an instance role). The
bucket must be private: nothing here makes an object public, URLs are signed and short-lived.
"""

from urllib.parse import parse_qs, unquote, urlsplit


def private_storage_setting(storage_url: str, *, local_root) -> dict:
    if not storage_url:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": local_root, "base_url": None},
        }
    parts = urlsplit(storage_url)
    if parts.scheme != "s3" or not parts.path.strip("/"):
        raise ValueError("STORAGE_URL must look like s3://KEY:SECRET@host:port/bucket")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    secure = query.get("secure", "true").lower() not in {"0", "false", "no"}
    bucket, _, prefix = parts.path.strip("/").partition("/")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "location": prefix or "private",
            "endpoint_url": f"{'https' if secure else 'http'}://{parts.hostname}{f':{parts.port}' if parts.port else ''}",
            "access_key": unquote(parts.username) if parts.username else None,
            "secret_key": unquote(parts.password) if parts.password else None,
            "region_name": query.get("region", "us-east-1"),
            "addressing_style": "path",
            "signature_version": "s3v4",
            # Objects get the bucket's default (private) ACL; signed URLs expire quickly.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
        },
    }
