from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "sectorplannen.organisations"
    verbose_name = "Organisaties"
