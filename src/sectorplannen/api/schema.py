"""The OpenAPI document's additions that the API Design Rules ask of every operation: the
``API-Version`` header on every success, problem+json on every error, 400 where input is taken."""

from __future__ import annotations

from .middleware import API_VERSION

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "Een fout volgens RFC 9457 (application/problem+json).",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "invalidParams": {"type": "array", "items": {
            "type": "object", "required": ["name", "code", "reason"],
            "properties": {"name": {"type": "string", "description": "pad in het document, bv. measures[2].code"},
                           "code": {"type": "string"}, "reason": {"type": "string"}}}},
    },
}
VERSION_HEADER = {"API-Version": {"$ref": "#/components/headers/API-Version"}}
ERRORS = {"400": "Ongeldige invoer", "401": "Niet aangemeld (geen, een onbekende of een verlopen sleutel)",
          "403": "Niet toegestaan (rol, organisatie of bevoegdheid van de sleutel)", "404": "Niet gevonden",
          "409": "Conflict (iemand anders was eerder, of het plan is verder)", "422": "Niet verwerkbaar (een regel)",
          "429": "Te veel verzoeken", "500": "Interne fout"}
METHODS = ("get", "put", "post", "patch", "delete")


def _problem_response(description: str) -> dict:
    return {"description": description, "headers": VERSION_HEADER,
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}


def postprocess(result, generator, request, public):
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    components["headers"] = {"API-Version": {"description": "De versie van de API.", "required": True,
                                             "schema": {"type": "string", "example": API_VERSION}}}
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for code, response in responses.items():
                if code[0] in "23":
                    response.setdefault("headers", {}).update(VERSION_HEADER)
            wanted = ["401", "403", "429", "500"]
            if method in ("put", "post", "patch") or operation.get("parameters"):
                wanted.append("400")
            if "{" in path:
                wanted.append("404")
            if method in ("put", "post", "patch", "delete"):
                wanted += ["409", "422"]
            for code in wanted:
                responses.setdefault(code, _problem_response(ERRORS[code]))
            for code, response in responses.items():
                if code[0] in "45":
                    responses[code] = _problem_response(response.get("description") or ERRORS.get(code, ""))
    return result
