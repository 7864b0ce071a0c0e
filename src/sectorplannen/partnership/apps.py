from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "sectorplannen.partnership"
    verbose_name = "Samenwerkingsverband"
