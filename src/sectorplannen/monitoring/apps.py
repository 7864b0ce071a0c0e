from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "sectorplannen.monitoring"
    verbose_name = "Monitoring"
