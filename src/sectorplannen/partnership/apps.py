from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "sectorplannen.partnership"
    verbose_name = "Samenwerkingsverband"

    def ready(self) -> None:
        from sectorplannen.participants.signals import upload_finished

        from .employers import upload_finished as employer_upload_finished

        upload_finished.connect(lambda sender, batch, **kwargs: employer_upload_finished(batch),
                                dispatch_uid="partnership.upload_finished", weak=False)
