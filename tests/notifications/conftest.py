"""The portal's users and plans (one user per role, an applicant organisation, plans by stage)."""

import pytest

from tests.portal.conftest import (  # noqa: F401  (fixtures)
    granted_plan,
    organisation,
    other_organisation,
    submitted_plan,
    users,
)


@pytest.fixture
def named(users):  # noqa: F811  (the fixture imported above)
    """Full names, so a test can tell the recipient's own name from everybody else's."""
    names = {"applicant": ("Anna", "Aanvrager"), "assessor": ("Bert", "Beoordelaar"),
             "policy_officer": ("Carla", "Beleid"), "outsider": ("Olaf", "Buiten")}
    for role, (first, last) in names.items():
        u = users[role]
        u.first_name, u.last_name, u.email = first, last, f"{role}@example.org"
        u.save()
    return users
