"""The public REST API (``/api/v1``): the portal's flows for other systems, on the same domain services."""
