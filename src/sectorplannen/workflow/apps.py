from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "sectorplannen.workflow"
    verbose_name = "Levensloop van een plan"

    def ready(self) -> None:
        # The daily reminders (notifications) also remind partners of the survey's closing date; the
        # survey lives in a sibling app, so the workflow, above both, registers that reminder.
        from sectorplannen.notifications.reminders import register

        from .partner_survey import survey_reminders

        register(survey_reminders)
