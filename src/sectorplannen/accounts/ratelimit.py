"""A fixed-window rate limit per client address, kept in Django's cache."""

from __future__ import annotations

import time

from django.core.cache import cache


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def allow(request, scope: str, limit: tuple[int, int]) -> bool:
    """Count one request of ``scope`` for this client; False once the window's limit is passed."""
    count, seconds = limit
    window = int(time.time() // seconds)
    key = f"ratelimit:{scope}:{client_address(request)}:{window}"
    cache.add(key, 0, timeout=seconds + 1)
    try:
        hits = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=seconds + 1)
        hits = 1
    return hits <= count
