from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "sectorplannen.operations"
    label = "operations"
    verbose_name = "Beheer"
