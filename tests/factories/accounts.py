import factory
from django.contrib.auth import get_user_model

from sectorplannen.accounts.models import Membership
from sectorplannen.accounts.services import ensure_groups


class UserFactory(factory.django.DjangoModelFactory):
    """A user; ``roles=[…]`` puts it in the role groups, ``organisations=[…]`` makes it a member."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            groups = ensure_groups()
            self.groups.add(*(groups[role] for role in extracted))

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create and extracted:
            for organisation in extracted:
                Membership.objects.get_or_create(user=self, organisation=organisation)
