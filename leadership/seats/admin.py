"""The director's admin for seats and their terms."""

import datetime

from django.contrib import admin
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from leadership.models import Seat, Term
from leadership.seats.forms import TermForm, TermInlineFormSet
from leadership.seats.selectors import DASHBOARD_ENDING_DAYS, terms_ending_soon

ENDING_SOON_DAYS = 60


class VacancyFilter(admin.SimpleListFilter):
    title = "held today"
    parameter_name = "held"

    def lookups(self, request, model_admin):
        return [("vacant", "Vacant"), ("held", "Held")]

    def queryset(self, request, queryset):
        held = Term.objects.current().values("seat_id")
        if self.value() == "vacant":
            return queryset.exclude(pk__in=held)
        if self.value() == "held":
            return queryset.filter(pk__in=held)
        return queryset


class EndingSoonFilter(admin.SimpleListFilter):
    title = "term end"
    parameter_name = "ending"

    def lookups(self, request, model_admin):
        return [
            ("soon", f"Ends within {ENDING_SOON_DAYS} days"),
            ("90", f"Ends within {DASHBOARD_ENDING_DAYS} days (active seats)"),
            ("current", "Current"),
            ("past", "Past"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "soon":
            return queryset.current(today).filter(
                ended_on__isnull=False,
                ended_on__lte=today + datetime.timedelta(days=ENDING_SOON_DAYS),
            )
        if self.value() == "90":
            ending = terms_ending_soon(on=today, days=DASHBOARD_ENDING_DAYS)
            return queryset.filter(pk__in=ending.values("pk"))
        if self.value() == "current":
            return queryset.current(today)
        if self.value() == "past":
            return queryset.filter(ended_on__lte=today)
        return queryset


class TermInline(admin.TabularInline):
    model = Term
    form = TermForm
    formset = TermInlineFormSet
    extra = 1
    autocomplete_fields = ["person"]
    ordering = ["-started_on"]
    can_delete = False  # past terms stay as history: end a term with a date instead


@admin.register(Seat)
class SeatAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "organization", "active", "holder"]
    list_filter = ["kind", "active", VacancyFilter]
    search_fields = ["title", "organization__name"]
    autocomplete_fields = ["organization"]
    inlines = [TermInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization")

    @admin.display(description="held by today")
    def holder(self, seat):
        term = seat.terms.current().select_related("person").first()
        return term.holder_name if term else "Vacant"

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Term)
class TermAdmin(SimpleHistoryAdmin):
    form = TermForm
    list_display = ["holder_name", "seat", "started_on", "ended_on"]
    list_filter = [EndingSoonFilter, "seat__kind"]
    search_fields = ["name", "person__full_name", "person__email", "seat__title"]
    autocomplete_fields = ["person"]
    list_select_related = ["seat", "person"]
    fields = ["seat", "person", "name", "title", "email", "started_on", "ended_on"]

    def has_delete_permission(self, request, obj=None):
        return False
