"""Rows written once (ADR 002): decisions, settlements and ledger bookings. A change is a new
version or a new booking, so the model refuses to save an existing row or delete one, and its
queryset refuses the ORM's bulk paths around ``save()`` (``update``, ``delete``, ``bulk_update``,
``bulk_create`` that updates on conflict). Only the database's own cascade (deleting a whole plan
in a test database) still passes."""

from __future__ import annotations

from django.db import models

__all__ = [
    "ImmutableError",
    "ImmutableManager",
    "ImmutableModel",
    "ImmutableQuerySet",
    "dates_in_order",
    "non_negative",
    "version_from_one",
]


class ImmutableError(Exception):
    """A row that was written once was about to be changed or removed."""


class ImmutableQuerySet(models.QuerySet):
    def _refuse(self, what: str):
        raise ImmutableError(f"{self.model.__name__}: {what} is niet toegestaan; rijen worden eenmaal geschreven")

    def update(self, **kwargs):
        self._refuse("update()")

    def delete(self):
        self._refuse("delete()")

    def bulk_update(self, objs, fields, batch_size=None):
        self._refuse("bulk_update()")

    def update_or_create(self, defaults=None, create_defaults=None, **kwargs):
        self._refuse("update_or_create()")

    def bulk_create(self, objs, *args, update_conflicts=False, **kwargs):
        if update_conflicts:
            self._refuse("bulk_create(update_conflicts=True)")
        objs = list(objs)
        if any(o.pk is not None and not o._state.adding for o in objs):
            self._refuse("bulk_create() met bestaande rijen")
        return super().bulk_create(objs, *args, **kwargs)


class ImmutableManager(models.Manager.from_queryset(ImmutableQuerySet)):
    pass


class ImmutableModel(models.Model):
    """Rows that are written once: updates and deletes are refused, also through the queryset."""

    objects = ImmutableManager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("force_insert", False) and type(self)._default_manager.filter(
            pk=self.pk
        ).exists():
            raise ImmutableError(f"{type(self).__name__} {self.pk} is al genomen en kan niet worden gewijzigd")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError(f"{type(self).__name__} {self.pk} kan niet worden verwijderd")


def non_negative(prefix: str, *fields: str) -> list[models.CheckConstraint]:
    """One check per amount or count that can never be below zero (null passes: not known yet)."""
    return [models.CheckConstraint(condition=models.Q(**{f"{f}__gte": 0}) | models.Q(**{f"{f}__isnull": True}),
                                   name=f"{prefix}_{f}_not_negative") for f in fields]


def dates_in_order(prefix: str, start: str, end: str) -> models.CheckConstraint:
    """``start`` ≤ ``end``; an open end (null) passes."""
    in_order = models.Q(**{f"{start}__lte": models.F(end)}) | models.Q(**{f"{end}__isnull": True})
    return models.CheckConstraint(condition=in_order, name=f"{prefix}_{start}_not_after_{end}")


def version_from_one(prefix: str) -> models.CheckConstraint:
    """Version numbers start at 1 (with the unique (parent, version) they form the sequence)."""
    return models.CheckConstraint(condition=models.Q(version__gte=1), name=f"{prefix}_version_from_1")
