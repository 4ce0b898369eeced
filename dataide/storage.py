from django.core.files.storage import storages


def private_storage():
    """Files that only views checking access may serve: attachments and generated PDFs.

    A callable, so FileFields resolve the storage at run time (settings differ per environment).
    """
    return storages["private"]
