"""The director's admin for events: create and change them, publish or decline partners'
proposals, record attendance and minutes, and read each organization's attendance over the
last 12 months. Every save goes through leadership.events.services."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from cate_portal.admin_mixins import ReadOnlyAdminMixin, SavesThroughServicesAdminMixin
from leadership.events import selectors, services
from leadership.events.forms import EventAdminForm
from leadership.models import Event, EventStatus, Rsvp, RsvpStatus


class WhenFilter(admin.SimpleListFilter):
    title = "when"
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [
            ("upcoming", "Upcoming"),
            ("past", "Past"),
            ("no-attendance", "Past, attendance not recorded"),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "upcoming":
            return queryset.upcoming(now)
        if self.value() == "past":
            return queryset.past(now)
        if self.value() == "no-attendance":
            return queryset.filter(pk__in=selectors.awaiting_attendance())
        if self.value() == "meetings-12m":
            return queryset.filter(pk__in=selectors.meetings_held(*selectors.last_twelve_months()))
        if self.value() == "trainings-12m":
            return queryset.filter(
                pk__in=selectors.trainings_given(*selectors.last_twelve_months())
            )
        return queryset


@admin.register(Event)
class EventAdmin(SavesThroughServicesAdminMixin, SimpleHistoryAdmin):
    form = EventAdminForm
    list_display = [
        "title",
        "kind",
        "starts_at",
        "status",
        "visibility",
        "host",
        "going",
        "waiting",
    ]
    list_filter = ["status", WhenFilter, "kind", "visibility"]
    search_fields = ["title", "description", "host__name"]
    date_hierarchy = "starts_at"
    list_select_related = ["host"]
    actions = ["publish", "decline"]
    fieldsets = [
        (None, {"fields": ["title", "kind", "description", "starts_at", "ends_at", "host"]}),
        ("Place", {"fields": ["place_name", "address", "at_host_address", "online_link"]}),
        ("Who", {"fields": ["visibility", "capacity", "status", "decline_reason"]}),
        (
            "After the event",
            {
                "fields": [
                    "attending",
                    "people_trained",
                    "minutes_text",
                    "minutes_pdf",
                    "remove_minutes_pdf",
                ]
            },
        ),
    ]
    readonly_fields = ["proposed_by", "minutes_pdf_link"]

    @admin.display(description="Minutes PDF now")
    def minutes_pdf_link(self, event):
        if not event.minutes_file:
            return "None"
        return format_html(
            '<a href="{}">Download the minutes (PDF)</a>',
            reverse("events:minutes-pdf", args=[event.pk]),
        )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                going_count=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.GOING)),
                waiting_count=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.WAITING)),
            )
        )

    @admin.display(description="going", ordering="going_count")
    def going(self, event):
        return event.going_count

    @admin.display(description="waiting", ordering="waiting_count")
    def waiting(self, event):
        return event.waiting_count

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and obj.proposed_by_id:
            fieldsets.insert(1, ("Proposed by", {"fields": ["proposed_by"]}))
        return fieldsets

    def save_model(self, request, obj, form, change):
        """Through the services: the event, then (when given) attendance and minutes."""
        capacity_changed = change and "capacity" in form.changed_data
        services.save_event(event=obj, acting_user=request.user)
        if capacity_changed:
            services.change_capacity(event=obj, capacity=obj.capacity, acting_user=request.user)
        data = form.cleaned_data
        attending = data.get("attending")
        if "attending" in form.changed_data or "people_trained" in form.changed_data:
            services.record_attendance(
                event=obj,
                organizations=attending or [],
                people_trained=data.get("people_trained"),
                acting_user=request.user,
            )
        if data.get("minutes_pdf") or data.get("remove_minutes_pdf"):
            services.set_minutes(
                event=obj,
                acting_user=request.user,
                pdf=data.get("minutes_pdf"),
                remove_pdf=bool(data.get("remove_minutes_pdf")),
            )

    def save_related(self, request, form, formsets, change):
        # Attendance is the services' (save_model); no many-to-many to save here.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    @admin.action(description="Publish the selected proposed events", permissions=["change"])
    def publish(self, request, queryset):
        for event in queryset.filter(status=EventStatus.PROPOSED):
            services.publish_event(event=event, acting_user=request.user)
            self.message_user(request, f"{event}: published.", messages.SUCCESS)

    @admin.action(description="Decline the selected proposed events", permissions=["change"])
    def decline(self, request, queryset):
        for event in queryset:
            try:
                services.decline_event(event=event, acting_user=request.user)
            except (ValidationError, PermissionDenied) as error:
                text = " ".join(getattr(error, "messages", [str(error)]))
                self.message_user(request, f"{event}: {text}", messages.ERROR)
            else:
                self.message_user(request, f"{event}: declined.", messages.SUCCESS)

    # --- Attendance over the last 12 months ----------------------------------------------

    def get_urls(self):
        return [
            path(
                "attendance/",
                self.admin_site.admin_view(self.attendance_view),
                name="leadership_event_attendance",
            ),
            *super().get_urls(),
        ]

    def attendance_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        start, end = selectors.last_twelve_months()
        context = {
            **self.admin_site.each_context(request),
            "title": "Attendance at meetings, last 12 months",
            "opts": self.model._meta,
            "rows": selectors.attendance_by_organization(start, end),
            "start": start,
            "end": end,
        }
        return TemplateResponse(request, "admin/leadership/event/attendance.html", context)


@admin.register(Rsvp)
class RsvpAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Answers are given by the people themselves (leadership.events.services.answer_event)."""

    list_display = ["event", "user", "status", "answered_at"]
    list_filter = ["status"]
    list_select_related = ["event", "user"]
    search_fields = ["event__title", "user__email", "user__full_name"]
