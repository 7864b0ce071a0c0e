from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "sectorplannen.notifications"
    label = "notifications"
    verbose_name = "Berichten"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from sectorplannen.participants.signals import upload_finished

        from .services import import_finished

        upload_finished.connect(lambda sender, batch, **kwargs: import_finished(batch),
                                dispatch_uid="notifications.upload_finished", weak=False)
