from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "sectorplannen.workflow"
    verbose_name = "Levensloop van een plan"
