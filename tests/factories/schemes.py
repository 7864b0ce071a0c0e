import copy

import factory

from sectorplannen.schemes.builtin import SCHEMES
from sectorplannen.schemes.models import SchemeVersion, Tranche


def tranche(number: int) -> Tranche:
    """A tranche as the data migration loaded it (with its scheme version)."""
    return Tranche.objects.select_related("scheme").get(number=number)


class SchemeVersionFactory(factory.django.DjangoModelFactory):
    """A further scheme version; by default with the parameters of the 2015 text."""

    class Meta:
        model = SchemeVersion

    code = factory.Sequence(lambda n: f"test-scheme-{n}")
    title = factory.LazyAttribute(lambda o: f"Regeling {o.code}")
    parameters = factory.LazyFunction(lambda: copy.deepcopy(SCHEMES["sectorplannen-2015"]))
