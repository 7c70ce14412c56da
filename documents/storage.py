"""Where issued documents are kept: a storage with no public URL.

The files sit under MEDIA_ROOT/documents/<year>/, but nothing serves
MEDIA_ROOT over HTTP: the only way out is the verification views, which need
the document's code. A project that keeps files elsewhere (S3 through
django-storages, say) names a storage "private" in settings.STORAGES, with
private ACLs, and this module uses it instead.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """MEDIA_ROOT on the local disk, without URLs.

    No location is fixed here, so the storage follows MEDIA_ROOT when tests
    change it.
    """

    def url(self, name):
        raise ValueError(
            "Issued documents have no public URL; link to the verification views instead."
        )


def private_storage() -> Storage:
    if "private" in settings.STORAGES:
        return storages["private"]
    return PrivateFileSystemStorage()
