from django.apps import AppConfig
from django.db.models.signals import post_migrate


def ensure_linkage_group(using="default", **kwargs) -> None:
    """The linkage role (domain.md: linkage officer) as a group holding the one permission that may
    create the linkage file. Created after migrations, when the permission exists."""
    from django.contrib.auth.models import Group, Permission

    from .models import LINKAGE_GROUP, LINKAGE_PERMISSION

    app_label, codename = LINKAGE_PERMISSION.split(".")
    permission = Permission.objects.using(using).filter(content_type__app_label=app_label, codename=codename).first()
    if permission is None:
        return
    group, _ = Group.objects.using(using).get_or_create(name=LINKAGE_GROUP)
    group.permissions.add(permission)


class ParticipantsConfig(AppConfig):
    name = "sectorplannen.participants"
    verbose_name = "Deelnemers"

    def ready(self) -> None:
        post_migrate.connect(ensure_linkage_group, sender=self, dispatch_uid="participants_linkage_group")
