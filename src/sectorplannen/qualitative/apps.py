from django.apps import AppConfig


class QualitativeConfig(AppConfig):
    name = "sectorplannen.qualitative"
    verbose_name = "Eindrapportage en kwalitatieve evaluatie"
