"""What the record says, or does not, of a duty on a day: the statuses, and the phrases for what a blank means."""

from __future__ import annotations

from enum import StrEnum

NOT_IN_RECORD = "not in the record"
"""Where the record holds no row: the fact may exist, but the sources searched did not give it."""

DID_NOT_APPLY = "did not apply"
"""Where a stage of the 2025 rates did not apply to a partner (tariffbook.domain.DID_NOT_APPLY says why)."""

NO_DUTY = "no duty"
"""Where the record shows that no country-wide duty applied (an instrument's own list leaves the partner out)."""


class RateStatus(StrEnum):
    """What the record says of a partner's country-wide duty on a day (RateInForce.status, a span's status)."""

    IN_FORCE = "in_force"
    """A duty applied: the rate and the rows it comes from are known."""
    NO_TARIFF = "no_tariff"
    """No country-wide duty applied: before the first one, or outside the list of an instrument that names whom
    it covers (the reason says which)."""
    NOT_IN_RECORD = "not_in_record"
    """A duty ended and the record has nothing after it: the sources searched do not settle what applied."""
