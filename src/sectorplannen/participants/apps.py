from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "sectorplannen.participants"
    verbose_name = "Deelnemers"
