from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Email and password, case-insensitive on the email.

    Kept as its own class so identity providers (idCAT, Cl@ve) can be added as
    further backends without touching the views.
    """

    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        return super().authenticate(request, username=email or username, password=password, **kwargs)
