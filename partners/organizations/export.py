"""The director's CSV export of organizations (django-import-export).

The export is reached only from the admin by coalition staff, who may see every field: it
includes the confidential contact fields, with their visibility next to each. Every cell is
neutralized against spreadsheet formulas (cate_portal.csv_export).
"""

from import_export import fields

from cate_portal.csv_export import NeutralizedModelResource
from partners.models import Organization
from partners.models.organizations import CONTACT_FIELDS


def _names(related) -> str:
    return "; ".join(str(item) for item in related.all())


class OrganizationResource(NeutralizedModelResource):
    sector = fields.Field(attribute="sector__name", column_name="sector")
    counties = fields.Field(column_name="counties")
    services = fields.Field(column_name="services")
    populations = fields.Field(column_name="populations")

    class Meta:
        model = Organization
        fields = (
            "id",
            "name",
            "slug",
            "status",
            "status_changed_on",
            "joined_on",
            "profile_confirmed_on",
            "sector",
            "description",
            "website",
            *[name for pair in CONTACT_FIELDS.items() for name in pair],
            "statewide",
            "counties",
            "services",
            "populations",
            "serves_sex_trafficking",
            "serves_labor_trafficking",
            "spoken_languages",
            "languages",
            "accepts_referrals",
            "open_24_7",
            "hours",
            "hotline_hours",
            "eligibility_notes",
        )
        export_order = fields

    def get_queryset(self):
        return (
            Organization.objects.select_related("sector")
            .prefetch_related("counties", "services", "populations", "spoken_languages")
            .order_by("name")
        )

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("sector").prefetch_related(
            "counties", "services", "populations", "spoken_languages"
        )

    def dehydrate_counties(self, organization) -> str:
        return "Statewide" if organization.statewide else _names(organization.counties)

    def dehydrate_services(self, organization) -> str:
        return _names(organization.services)

    def dehydrate_populations(self, organization) -> str:
        return _names(organization.populations)

    def dehydrate_spoken_languages(self, organization) -> str:
        return _names(organization.spoken_languages)
