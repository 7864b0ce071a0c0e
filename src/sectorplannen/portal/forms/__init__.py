"""The portal's forms, one module per job; every field has a Dutch label, choices come from the
scheme rules."""
