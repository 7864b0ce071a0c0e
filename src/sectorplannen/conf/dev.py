"""Development: the default when nothing is configured (``make demo``)."""

from .base import *  # noqa: F403

DEBUG = True
