"""Fill the seu with demo content: accounts, holidays and (as sections land) their data.

Idempotent: running it again updates the same records and resets the demo
passwords, so the credentials it prints always work.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import DocumentType, User
from seu.demo import demo_data
from seu.groups import SECTION_GROUPS

_ACCOUNTS = demo_data("portal", "accounts")
DEMO_STAFF = _ACCOUNTS["staff"]
DEMO_CITIZEN = _ACCOUNTS["citizen"]


class Command(BaseCommand):
    help = "Creates or refreshes the demo content and the demo staff and citizen accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (demo accounts have published passwords).",
        )

    @transaction.atomic
    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with published passwords; it refuses to run with "
                "DEBUG off. Pass --force for a throwaway database (benchmarks, demos)."
            )
        staff = self._user(DEMO_STAFF, is_staff=True)
        staff.groups.set(Group.objects.filter(name__in=SECTION_GROUPS))
        citizen = self._user(DEMO_CITIZEN, id_document_type=DocumentType.DNI)

        from convocatories.demo import seed_calls
        from convocatories.demo_alerts import seed_alerts
        from corporativa.demo import seed_corporate, seed_local_holidays
        from estadistiques.demo import seed_pageviews
        from tauler.demo import seed_notices
        from tramits.demo import seed_procedures
        from tramits.demo_cases import seed_cases

        holidays = seed_local_holidays()
        procedures = seed_procedures()
        cases = seed_cases(citizen=citizen, staff=staff)
        notices = seed_notices(staff=staff)
        corporate = seed_corporate()
        calls = seed_calls(staff=staff)
        alert_subscriptions = seed_alerts(citizen=citizen)
        pageviews = seed_pageviews()

        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        self.stdout.write(f"  Local holidays: {holidays}")
        self.stdout.write(f"  Procedures: {procedures}")
        self.stdout.write(f"  Demo citizen's new cases: {cases}")
        self.stdout.write(f"  New notices on the board: {notices}")
        self.stdout.write(f"  Corporate information: {corporate}")
        self.stdout.write(f"  New calls (jobs, grants, scholarships, subsidies): {calls}")
        self.stdout.write(f"  New demo alert subscriptions (calls): {alert_subscriptions}")
        self.stdout.write(f"  New demo page views (usage statistics): {pageviews}")
        self.stdout.write(
            f"  Staff (back office at /{settings.ADMIN_URL}): "
            f"{DEMO_STAFF['email']} / {DEMO_STAFF['password']}"
        )
        self.stdout.write(f"  Citizen: {DEMO_CITIZEN['email']} / {DEMO_CITIZEN['password']}")

    def _user(self, spec, **extra):
        fields = {k: v for k, v in spec.items() if k not in ("email", "password")}
        user, _created = User.objects.update_or_create(
            email=spec["email"],
            defaults={
                **fields,
                **extra,
                "is_active": True,
                "closed_at": None,
                "email_verified_at": timezone.now(),
            },
        )
        user.set_password(spec["password"])
        user.save(update_fields=["password"])
        return user
