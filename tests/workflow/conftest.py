"""The portal's users per role and plans in each stage serve the workflow's tests as well."""

from tests.portal.conftest import (  # noqa: F401
    PASSWORD,
    _portal_settings,
    application,
    granted_plan,
    organisation,
    other_organisation,
    submitted_plan,
    users,
)
