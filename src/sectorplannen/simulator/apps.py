from django.apps import AppConfig


class SimulatorConfig(AppConfig):
    name = "sectorplannen.simulator"
    verbose_name = "Simulator"
