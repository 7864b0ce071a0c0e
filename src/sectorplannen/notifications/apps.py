from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "sectorplannen.notifications"
    label = "notifications"
    verbose_name = "Berichten"
    default_auto_field = "django.db.models.BigAutoField"
