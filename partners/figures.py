"""Partners' figures on the home page (see cate_portal/figures.py): the active Collaborative
Partners, and the areas with a local partner. Two queries whatever the number of partners.

The areas follow the coverage map's rule (partners.organizations.selectors.coverage): active
partners delivering services (funders and businesses left out) that name the area among their
counties; statewide partners serve every area and are counted apart.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cate_portal import figures
from cate_portal.figures import Figure
from cate_portal.models import Area
from partners.models import Organization, OrganizationStatus
from partners.organizations.filters import NOT_SERVICE_DELIVERY_SECTORS


def partner_figures(today: datetime.date) -> list[Figure]:
    """Active partners (all sectors) and areas reached by a local service-delivery partner."""
    delivering = Q(status=OrganizationStatus.ACTIVE) & ~Q(
        sector__slug__in=NOT_SERVICE_DELIVERY_SECTORS
    )
    partners = Organization.objects.aggregate(
        active=Count("pk", filter=Q(status=OrganizationStatus.ACTIVE)),
        statewide=Count("pk", filter=delivering & Q(statewide=True)),
    )
    local = Organization.objects.filter(delivering, statewide=False)
    areas = Area.objects.aggregate(
        total=Count("pk"),
        reached=Count(
            "pk",
            filter=Q(
                Exists(
                    Organization.counties.through.objects.filter(
                        area_id=OuterRef("pk"), organization__in=local
                    )
                )
            ),
        ),
    )
    statewide = partners["statewide"]
    return [
        Figure(
            key="partners",
            value=partners["active"],
            label=ngettext(
                "active Collaborative Partner",
                "active Collaborative Partners",
                partners["active"],
            ),
            detail=_("Organizations across Missouri that share the coalition's values."),
            url=reverse("partners:directory"),
            link_text=_("Find a partner"),
        ),
        Figure(
            key="areas",
            value=areas["reached"],
            label=ngettext(
                "of Missouri's %(total)d areas has a local partner",
                "of Missouri's %(total)d areas have a local partner",
                areas["reached"],
            )
            % {"total": areas["total"]},
            detail=ngettext(
                "%(count)d statewide partner serves every area.",
                "%(count)d statewide partners serve every area.",
                statewide,
            )
            % {"count": statewide},
            url=reverse("partners:coverage"),
            link_text=_("See the coverage map"),
        ),
    ]


def register_figures() -> None:
    figures.register(partner_figures, order=10)
