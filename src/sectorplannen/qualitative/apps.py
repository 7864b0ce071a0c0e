from django.apps import AppConfig


class QualitativeConfig(AppConfig):
    name = "sectorplannen.qualitative"
    verbose_name = "Eindrapportage en kwalitatieve evaluatie"

    def ready(self) -> None:
        # The application checks (plans, a lower layer) take the narrow goals per theme from the
        # current codebook; plans cannot import this app, so the codebook registers itself.
        from sectorplannen.plans.application import set_goal_lists

        from .goals import current_goal_lists

        set_goal_lists(current_goal_lists)
