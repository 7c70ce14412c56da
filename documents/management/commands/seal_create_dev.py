import os

from django.conf import settings
from django.core.management.base import BaseCommand

from documents.seal import dev_seal_create, seal_password, seal_path


class Command(BaseCommand):
    help = (
        "Create a self-signed development seal (PKCS#12) at SEAL_P12_PATH. "
        "Does nothing if the file exists."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the file if it exists, even one named by SEAL_P12_PATH.",
        )

    def handle(self, *args, force=False, **options):
        path = seal_path()
        from_environment = "SEAL_P12_PATH" in os.environ
        if path.exists() and not force:
            if from_environment:
                self.stderr.write(
                    self.style.WARNING(
                        f"{path} is named by SEAL_P12_PATH and exists: it may be the council's "
                        "real seal, so it is left untouched. Use --force to replace it with a "
                        "development seal."
                    )
                )
            else:
                self.stdout.write(f"A seal already exists at {path}; nothing to do.")
            return
        existed = path.exists()
        dev_seal_create(
            path=path,
            password=seal_password(),
            council_name=settings.SEU_COUNCIL_NAME,
            replace=force,
        )
        self.stdout.write(self.style.SUCCESS(f"Created a development seal at {path}."))
        if not settings.DEBUG:
            self.stderr.write(
                self.style.WARNING(
                    "DEBUG is off: documents will be sealed with this self-signed seal, which "
                    "no one else trusts. Use it for test servers and benchmarks only; production "
                    "needs the council's seal at SEAL_P12_PATH."
                )
            )
        if existed:
            self.stdout.write(
                self.style.WARNING(
                    "The previous seal was replaced: documents sealed with it no longer "
                    "validate against the seu's seal."
                )
            )
