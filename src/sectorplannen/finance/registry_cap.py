"""The registered participants as a cap on the declared ones (scheme parameter
``participants.registry_caps_declared``): pure, no ORM, used by the settlement engine.

Off in the built-in versions (the regulation settles on the audited declaration); a version that
turns it on counts, for a measure with individual registration, at most the participants in the
registry, and says so in the explanation.
"""

from __future__ import annotations

import dataclasses

from sectorplannen.common.money import format_int

RULE = "registry_cap"


def cap_by_registry(measures: tuple, caps_declared: bool) -> tuple[tuple, list[tuple[str, str]]]:
    """The measures with the realised participants capped by the registered ones where the rule is
    on, and the explanation as (measure code, Dutch sentence) per capped measure."""
    if not caps_declared:
        return measures, []
    capped, lines = [], []
    for m in measures:
        registered = m.registered_participants
        declared = m.realised_participants
        if registered is not None and declared is not None and registered < declared:
            lines.append((m.code, f"Maatregel {m.code}: {format_int(declared)} deelnemers gedeclareerd, "
                                  f"{format_int(registered)} ingeschreven in het deelnemersregister; de regeling "
                                  f"telt ten hoogste het aantal ingeschrevenen: {format_int(registered)}."))
            m = dataclasses.replace(m, realised_participants=registered)
        capped.append(m)
    return tuple(capped), lines
