from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "sectorplannen.finance"
    verbose_name = "Financiën"
