"""Background jobs: bookkeeping (progress, cancel, result files, crash recovery) on top of the
task framework (django-tasks, database backend). Domain-neutral: imports only ``common`` (its layer
is beside ``audit``)."""
