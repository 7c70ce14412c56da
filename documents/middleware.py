"""Every request that writes is a block of documents.files: a file it stored
for a change that rolled back (a staff upload in the back office whose save
failed, say) is deleted when the request ends."""

from documents.files import files_deleted_on_rollback

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class FilesDeletedOnRollbackMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in SAFE_METHODS:
            return self.get_response(request)
        with files_deleted_on_rollback():
            return self.get_response(request)
