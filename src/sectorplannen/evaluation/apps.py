from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "sectorplannen.evaluation"
    verbose_name = "Evaluatie"
