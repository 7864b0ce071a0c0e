from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sectorplannen.accounts"
    verbose_name = "Accounts en rollen"
