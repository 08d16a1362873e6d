"""Pages of events: upcoming (list and month), past, one event with its answer, minutes, a
partner's proposal, and the calendar feeds.

Views are thin: what a viewer may see comes from leadership.events.selectors (which asks
leadership/permissions.py), changes go through leadership.events.services. An event the viewer
may not see answers 404, like one that does not exist: a page never hints it is there.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from cate_portal.forms import add_refusal_to_form
from cate_portal.page_cache import cache_public_page, page_changes_at
from leadership.events import feeds, minutes, selectors, services
from leadership.events.forms import ProposeEventForm
from leadership.models import CalendarFeed, Event
from leadership.permissions import may_see_minutes
from partners.permissions import managed_organizations
from partners.visibility import viewer_for, viewer_for_request

#: The months the month view shows: a fixed range keeps crawlers and typos from going on forever.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _month_link(day: datetime.date) -> str:
    return reverse("events:month", kwargs={"year": day.year, "month": day.month})


@method_decorator(cache_public_page, name="dispatch")
class EventListView(TemplateView):
    """Upcoming events, soonest first."""

    template_name = "events/event_list.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        events = selectors.upcoming_events(
            user=self.request.user, viewer=viewer_for_request(self.request)
        )
        page_changes_at(self.request, selectors.next_change(events))
        return super().get_context_data(
            events=events,
            month_link=_month_link(today),
            may_propose=managed_organizations(self.request.user).exists(),
            **kwargs,
        )


class EventMonthView(TemplateView):
    template_name = "events/event_month.html"

    def get_context_data(self, **kwargs):
        year, month = self.kwargs["year"], self.kwargs["month"]
        if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
            raise Http404
        first = datetime.date(year, month, 1)
        viewer = viewer_for_request(self.request)
        previous, following = selectors.neighbour_months(year=year, month=month, viewer=viewer)
        weeks = selectors.month_weeks(year=year, month=month, user=self.request.user, viewer=viewer)
        return super().get_context_data(
            month_date=first,
            weeks=weeks,
            month_events=[
                item for week in weeks for day in week if day.in_month for item in day.events
            ],
            previous_link=_month_link(previous) if previous else "",
            next_link=_month_link(following) if following else "",
            previous_month=previous,
            next_month=following,
        )


class PastEventListView(TemplateView):
    template_name = "events/event_past.html"

    def get_context_data(self, **kwargs):
        viewer = viewer_for_request(self.request)
        page = Paginator(selectors.past_events(user=self.request.user, viewer=viewer), 20).get_page(
            self.request.GET.get("page")
        )
        return super().get_context_data(
            events=selectors.views_of(page.object_list, user=self.request.user, viewer=viewer),
            page_obj=page,
            paginator=page.paginator,
            is_paginated=page.has_other_pages(),
            **kwargs,
        )


class EventDetailView(TemplateView):
    template_name = "events/event_detail.html"

    def get_view(self):
        view = selectors.event_for(
            self.kwargs["pk"], user=self.request.user, viewer=viewer_for_request(self.request)
        )
        if view is None:
            raise Http404
        return view

    def get_context_data(self, **kwargs):
        view = self.get_view()
        return super().get_context_data(
            item=view,
            event=view.event,
            minutes_html=minutes.render_markdown(view.event.minutes_text)
            if view.may_see_minutes and view.event.minutes_text
            else "",
            **kwargs,
        )


class AnswerView(LoginRequiredMixin, View):
    """POST only: going or not going."""

    http_method_names = ["post"]

    def post(self, request, pk):
        viewer = viewer_for_request(request)
        view = selectors.event_for(pk, user=request.user, viewer=viewer)
        if view is None:
            raise Http404
        answer = request.POST.get("answer")
        if answer not in ("going", "not_going"):
            return HttpResponseBadRequest(_("Answer going or not going."))
        try:
            rsvp = services.answer_event(
                event=view.event,
                user=request.user,
                going=answer == "going",
                acting_user=request.user,
                viewer=viewer,
            )
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect(view.event)
        messages.success(
            request, _("Your answer: %(answer)s.") % {"answer": rsvp.get_status_display()}
        )
        return redirect(view.event)


class MinutesPdfView(View):
    """The minutes PDF, only to people who may see the minutes (404 for anyone else)."""

    def get(self, request, pk):
        event = get_object_or_404(Event.objects.select_related("host"), pk=pk)
        if not may_see_minutes(viewer_for_request(request), event):
            raise Http404
        return minutes.pdf_response(event)


class ProposeEventView(LoginRequiredMixin, TemplateView):
    """A partner's primary contact or executive leader proposes an event; the director
    publishes or declines it in the admin."""

    template_name = "events/event_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.organizations = managed_organizations(request.user)
        if not self.organizations.exists():
            raise PermissionDenied(
                _(
                    "Events are proposed by a primary contact or an executive leader of an "
                    "active partner organization."
                )
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        form = form or ProposeEventForm(organizations=self.organizations)
        return super().get_context_data(form=form, **kwargs)

    def post(self, request, *args, **kwargs):
        form = ProposeEventForm(request.POST, organizations=self.organizations)
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in services.PROPOSAL_FIELDS}
            try:
                services.propose_event(
                    organization=form.cleaned_data["organization"],
                    acting_user=request.user,
                    **fields,
                )
            except (ValidationError, PermissionDenied) as error:
                add_refusal_to_form(form, error)
            else:
                messages.success(
                    request,
                    _("Thank you: the Coalition Director will publish or decline the event."),
                )
                return redirect("events:list")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class CalendarFeedView(LoginRequiredMixin, TemplateView):
    """The account page of the person's private calendar feed, with its reset button."""

    template_name = "events/calendar_feed.html"

    def get_context_data(self, **kwargs):
        feed = services.calendar_feed_for(user=self.request.user)
        return super().get_context_data(
            feed_url=self.request.build_absolute_uri(
                reverse("events:private-feed", kwargs={"token": feed.token})
            ),
            public_feed_url=self.request.build_absolute_uri(reverse("events:public-feed")),
            **kwargs,
        )


class ResetCalendarFeedView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        services.reset_calendar_feed(user=request.user, acting_user=request.user)
        messages.success(
            request,
            _("Your calendar feed has a new address; the old one no longer works."),
        )
        return redirect("events:calendar-feed")


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=feeds.CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def public_feed(request):
    """The published public events, for anyone's calendar app."""
    return _ics(feeds.build_calendar(name="CATE events", user=None, viewer=None), "cate-events.ics")


def private_feed(request, token: str):
    """The events the token's person may see. An unknown or reset token is 404."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404
    response = _ics(
        feeds.build_calendar(
            name="CATE events (private)", user=feed.user, viewer=viewer_for(feed.user)
        ),
        "cate-my-events.ics",
    )
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
