"""Settings of the public REST API (issue 16; docs/api.md, docs/adr/012-issue16-api.md).

Star-imported at the end of ``base.py``. ``SECTORPLANNEN_API_RATE`` is the rate limit per token
(DRF notation, e.g. ``600/min``); ``SECTORPLANNEN_API_SERVER`` the server URL in the OpenAPI document.
"""

import os

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["sectorplannen.api.auth.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["sectorplannen.api.auth.HasScope"],
    "DEFAULT_THROTTLE_CLASSES": ["sectorplannen.api.auth.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": os.environ.get("SECTORPLANNEN_API_RATE", "600/min"),
                               # issue 16: person look-ups by BSN (POST …/deelnemers/_zoek) per token
                               "lookup": os.environ.get("SECTORPLANNEN_API_LOOKUP_RATE", "30/min")},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "sectorplannen.api.pagination.Pages",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "sectorplannen.api.problems.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "COERCE_DECIMAL_TO_STRING": True,
    "DATETIME_FORMAT": "iso-8601",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Sectorplannen API",
    "DESCRIPTION": "De regeling cofinanciering sectorplannen voor systemen: aanvragen, besluiten, deelnemers, "
                   "declaraties en vaststellingen, op dezelfde regels als het portaal. Zie docs/api.md.",
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.0.3",
    "CONTACT": {"name": "Uitvoering sectorplannen", "email": "api@sectorplannen.nl",
                "url": "https://sectorplannen.nl/api"},
    "LICENSE": {"name": "EUPL-1.2"},
    "SERVERS": [{"url": os.environ.get("SECTORPLANNEN_API_SERVER", "/api/v1")}],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "PlanStatusEnum": "sectorplannen.plans.models.PlanStatus",
        "ProposalStatusEnum": "sectorplannen.workflow.models.ProposalStatus",
        "ProposalKindEnum": "sectorplannen.workflow.models.ProposalKind",
        "PlanKindEnum": [("sectoral", "sectoraal"), ("regional", "regionaal")],
        "DecisionKindEnum": "sectorplannen.plans.models.DecisionKind",
        "EvidenceKindEnum": "sectorplannen.partnership.models.EvidenceKind",  # issue 21
        # issue 14
        "InterviewKindEnum": [("stakeholder", "stakeholder"), ("project_leader", "projectleider"),
                              ("group", "groepsgesprek")],
        "FinalReportStateEnum": ["draft", "submitted"],
        "ClosingKindEnum": "sectorplannen.workflow.models.ClosingKind",  # issue 16
        "ReportJobStateEnum": ["queued", "running", "succeeded", "failed", "cancelled"],  # issue 16 beside 14's
    },
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "sectorplannen.api.schema.postprocess"],
    "SECURITY": [{"token": []}],
}
