"""The director's admin for the coalition's support: the fiscal sponsor, funders and their
support. Confidential: nothing here reaches a public page but what support.selectors reads."""

from django.contrib import admin
from django.utils import timezone

from cate_portal.text import format_currency
from partners.models import FiscalSponsorship, Funder, Support
from partners.support.selectors import ENDING_SOON, funding_summary


class SupportEndingFilter(admin.SimpleListFilter):
    """Awards ending soon: the same rule as the funding summary and the director's dashboard."""

    title = "award end"
    parameter_name = "ending"

    def lookups(self, request, model_admin):
        return [("soon", f"Awarded, ending within {ENDING_SOON.days} days")]

    def queryset(self, request, queryset):
        if self.value() == "soon":
            today = timezone.localdate()
            return queryset.ending_between(today, today + ENDING_SOON)
        return queryset


@admin.register(FiscalSponsorship)
class FiscalSponsorshipAdmin(admin.ModelAdmin):
    list_display = (
        "organization",
        "started_on",
        "ended_on",
        "provides_home_office",
        "provides_fiscal_agent",
        "employs_staff",
    )
    list_select_related = ("organization",)
    raw_id_fields = ("organization",)

    def has_delete_permission(self, request, obj=None):
        return False  # a sponsorship ends with a date: history stays


class SupportInline(admin.TabularInline):
    model = Support
    extra = 0
    fields = ("amount", "status", "started_on", "ended_on", "renewal_on", "purpose")
    can_delete = False


@admin.register(Funder)
class FunderAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "publicly_acknowledged", "contact_name")
    list_filter = ("kind", "publicly_acknowledged")
    search_fields = ("name", "contact_name", "contact_email")
    inlines = (SupportInline,)
    fieldsets = (
        (None, {"fields": ("name", "kind", "publicly_acknowledged")}),
        ("Contact", {"fields": ("contact_name", "contact_email", "contact_phone")}),
        ("Confidential", {"fields": ("notes",)}),
    )


@admin.register(Support)
class SupportAdmin(admin.ModelAdmin):
    change_list_template = "values/admin/support_change_list.html"
    list_display = ("funder", "amount_shown", "status", "started_on", "ended_on", "renewal_on")
    list_filter = ("status", SupportEndingFilter, "funder__kind")
    list_select_related = ("funder",)
    search_fields = ("funder__name", "purpose")
    raw_id_fields = ("funder",)
    date_hierarchy = "started_on"

    @admin.display(description="amount", ordering="amount")
    def amount_shown(self, obj) -> str:
        return format_currency(obj.amount)

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(
            request, extra_context={**(extra_context or {}), "summary": funding_summary()}
        )
