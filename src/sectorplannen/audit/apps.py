from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sectorplannen.audit"
    verbose_name = "Audittrail"
