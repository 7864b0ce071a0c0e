from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "sectorplannen.plans"
    verbose_name = "Sectorplannen"
