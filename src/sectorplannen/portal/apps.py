from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "sectorplannen.portal"
    verbose_name = "Portaal"
