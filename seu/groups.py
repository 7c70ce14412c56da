"""Staff groups, one per section of the seu, and the permissions each one holds.

The groups are created by a data migration (seu/migrations/0001). Their
permissions are granted after every `migrate`, app by app, so a model added by
a later migration reaches its section's group without another data migration.
"""

from django.db.models.signals import post_migrate

# Group name (council data, in Catalan) -> app label whose models it manages,
# and permission codename prefixes it must never have.
SECTION_GROUPS = {
    "Tràmits": {"app": "tramits", "exclude": ()},
    # Published notices are never deleted: the board keeps them forever.
    "Tauler": {"app": "tauler", "exclude": ("delete_",)},
    "Convocatòries": {"app": "convocatories", "exclude": ()},
    "Informació corporativa": {"app": "corporativa", "exclude": ()},
    "Estadístiques": {"app": "estadistiques", "exclude": ()},
    # The mail outbox: see what was sent and why a mail failed, send it again.
    # Mails are written by the seu only, and kept as its record.
    "Correu sortint": {"app": "outbox", "exclude": ("add_", "delete_")},
}


def grant_section_permissions(sender, apps=None, using="default", **kwargs):
    """post_migrate receiver: give each section's group its app's permissions."""
    if apps is None or sender.label not in {spec["app"] for spec in SECTION_GROUPS.values()}:
        return
    try:
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
    except LookupError:
        return
    for name, spec in SECTION_GROUPS.items():
        if spec["app"] != sender.label:
            continue
        group, _ = Group.objects.using(using).get_or_create(name=name)
        permissions = Permission.objects.using(using).filter(content_type__app_label=sender.label)
        for prefix in spec["exclude"]:
            permissions = permissions.exclude(codename__startswith=prefix)
        group.permissions.add(*permissions)


def connect():
    post_migrate.connect(grant_section_permissions, dispatch_uid="seu.grant_section_permissions")
