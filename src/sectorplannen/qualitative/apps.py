from django.apps import AppConfig


class QualitativeConfig(AppConfig):
    name = "sectorplannen.qualitative"
    verbose_name = "Eindrapportage en kwalitatieve evaluatie"

    def ready(self) -> None:
        from sectorplannen.finance.declarations import DECLARATION_PRECONDITIONS

        from .reports import final_report_complete

        if final_report_complete not in DECLARATION_PRECONDITIONS:
            DECLARATION_PRECONDITIONS.append(final_report_complete)
