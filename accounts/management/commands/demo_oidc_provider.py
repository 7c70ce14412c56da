"""manage.py demo_oidc_provider [--port 9400]: a local OpenID provider for the demo.

It is oidc-provider-mock (a test provider, a development dependency) with the
identities of accounts/demo_data/identities.toml, so a newcomer can try
"Identify with VÀLid" with no account anywhere. `make run` starts it and
points OIDC_ISSUER at it. It refuses to run with DEBUG off: anyone may pick
any identity on its page.
"""

import json
import os
import shutil
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from seu.demo import demo_data


def provider_command(port: int) -> list[str]:
    executable = shutil.which("oidc-provider-mock") or str(
        Path(sys.executable).with_name("oidc-provider-mock")
    )
    command = [executable, "--host", "127.0.0.1", "--port", str(port)]
    for identity in demo_data("accounts", "identities")["identity"]:
        command += ["--user-claims", json.dumps(identity, ensure_ascii=False)]
    return command


class Command(BaseCommand):
    help = "Runs a local OpenID provider with the demo identities (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=9400)

    def handle(self, *args, port, **options):
        if not settings.DEBUG:
            raise CommandError(
                "The demo OpenID provider lets anyone be anyone: it runs only with DEBUG on."
            )
        command = provider_command(port)
        if not Path(command[0]).exists():
            raise CommandError(
                "oidc-provider-mock is not installed: it comes with the development"
                ' dependencies (pip install -e ".[dev]").'
            )
        self.stdout.write(f"Demo OpenID provider on http://127.0.0.1:{port}")
        os.execv(command[0], command)
