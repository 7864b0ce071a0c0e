import datetime as dt

import factory

from sectorplannen.participants.models import ParticipantCount

from .plans import MeasureFactory


class ParticipantCountFactory(factory.django.DjangoModelFactory):
    """A head count of a measure without individual registration, for one calendar month.
    (Registrations of persons go through the upload, which encrypts the BSN: no factory.)"""

    class Meta:
        model = ParticipantCount

    measure = factory.SubFactory(MeasureFactory, individual_registration=False)
    period_start = dt.date(2014, 9, 1)
    period_end = dt.date(2014, 9, 30)
    count = 10
