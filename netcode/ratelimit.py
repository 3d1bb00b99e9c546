"""Token bucket for input rate limits, driven by a clock the caller passes (fake in tests)."""

from __future__ import annotations

import math


class TokenBucket:
    """``rate`` tokens a second, at most ``burst`` saved up; :meth:`take` spends one."""

    def __init__(self, rate: float, burst: float, now: float) -> None:
        if not (math.isfinite(rate) and rate > 0):
            raise ValueError(f"rate must be a positive number, got {rate}")
        if not (math.isfinite(burst) and burst >= 1):
            raise ValueError(f"burst must be at least 1, got {burst}")
        self.rate = rate
        self.burst = burst
        self._tokens = burst
        self._last = now

    def take(self, now: float) -> bool:
        """True (and one token spent) if allowed at ``now``; False if over the rate."""
        if now > self._last:
            self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
            self._last = now
        if self._tokens >= 1 - 1e-9:  # float refills of 1/rate must not lose a token
            self._tokens = max(0.0, self._tokens - 1)
            return True
        return False
