from django.apps import AppConfig


class SchemesConfig(AppConfig):
    name = "sectorplannen.schemes"
    verbose_name = "Regelingen"
