"""The coalition's support as the public pages read it: the current fiscal sponsor and the
names of publicly acknowledged funders; and the director's funding summary for the admin.

Nothing else of funding leaves the admin.
"""

import datetime
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import Lower
from django.utils import timezone

from partners.models import FiscalSponsorship, Funder, Support, SupportStatus

ENDING_SOON = datetime.timedelta(days=90)


def current_fiscal_sponsor() -> FiscalSponsorship | None:
    """The current sponsorship with its organization, for the About page.

    Templates show the organization's name (and link to its directory profile when it is an
    active partner) and `provisions`; never its addresses or contact details.
    """
    return FiscalSponsorship.objects.current().select_related("organization").first()


def acknowledged_funders() -> list[str]:
    """The names, and only the names, of funders the director acknowledges publicly."""
    return list(
        Funder.objects.filter(publicly_acknowledged=True)
        .order_by(Lower("name"))
        .values_list("name", flat=True)
    )


def about_context() -> dict:
    """Everything the About page needs from this module (for `values/_about_support.html`)."""
    return {
        "fiscal_sponsor": current_fiscal_sponsor(),
        "acknowledged_funders": acknowledged_funders(),
    }


def funding_summary(today: datetime.date | None = None) -> dict:
    """For the director: this year's awarded total and the awards ending in the next 90 days."""
    today = today or timezone.localdate()
    start, end = datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
    awarded = Support.objects.awarded_during(start, end)
    pending = Support.objects.filter(status=SupportStatus.APPLIED)
    return {
        "year": today.year,
        "awarded_total": awarded.aggregate(total=Sum("amount"))["total"] or Decimal("0"),
        "awarded_count": awarded.count(),
        "pending_total": pending.aggregate(total=Sum("amount"))["total"] or Decimal("0"),
        "pending_count": pending.count(),
        "ending_soon": list(
            Support.objects.ending_between(today, today + ENDING_SOON)
            .select_related("funder")
            .order_by("ended_on")
        ),
        "renewals_soon": list(
            Support.objects.filter(renewal_on__gte=today, renewal_on__lte=today + ENDING_SOON)
            .select_related("funder")
            .order_by("renewal_on")
        ),
    }
