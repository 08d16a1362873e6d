"""Flood protection for the public forms (the application to join, the contact form).

One implementation for every public form: a form counts its accepted submissions per client
address and per e-mail address in the cache, and refuses a new one once either count reaches
the limit within the period. The counters live in the default cache: outside tests it must be
shared between workers (the database cache or Redis), see README "Settings".
"""

from dataclasses import dataclass

from django.core.cache import cache

from cate_portal.http import client_ip


@dataclass(frozen=True)
class FloodLimit:
    """At most `limit` submissions per `period` seconds, per client address and per e-mail.

    `scope` names the form in the cache keys ("apply", "contact"): each form counts apart.
    """

    scope: str
    limit: int
    period: int

    def _keys(self, request, email: str | None) -> list[str]:
        keys = [f"{self.scope}-rate:ip:{client_ip(request) or 'unknown'}"]
        if email:
            keys.append(f"{self.scope}-rate:email:{email.strip().lower()}")
        return keys

    def exceeded(self, request, email: str | None = None) -> bool:
        """Whether this client (or this e-mail address) already sent `limit` in the period."""
        return any(cache.get(key, 0) >= self.limit for key in self._keys(request, email))

    def count(self, request, email: str | None = None) -> None:
        """Counts one submission (a bot's caught by the honeypot too, without its e-mail)."""
        for key in self._keys(request, email):
            if cache.add(key, 1, self.period):
                continue
            try:
                cache.incr(key)
            except ValueError:  # expired in between
                cache.set(key, 1, self.period)
