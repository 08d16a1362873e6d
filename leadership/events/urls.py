"""URLs of events, /events/ (included from the root URLconf)."""

from django.urls import path

from leadership.events import views

app_name = "events"

urlpatterns = [
    path("events/", views.EventListView.as_view(), name="list"),
    path("events/<int:year>/<int:month>/", views.EventMonthView.as_view(), name="month"),
    path("events/past/", views.PastEventListView.as_view(), name="past"),
    path("events/propose/", views.ProposeEventView.as_view(), name="propose"),
    path("events/<int:pk>/", views.EventDetailView.as_view(), name="detail"),
    path("events/<int:pk>/answer/", views.AnswerView.as_view(), name="answer"),
    path("events/<int:pk>/minutes.pdf", views.MinutesPdfView.as_view(), name="minutes-pdf"),
    path("events/calendar.ics", views.public_feed, name="public-feed"),
    path("events/feed/<str:token>.ics", views.private_feed, name="private-feed"),
    path("accounts/calendar-feed/", views.CalendarFeedView.as_view(), name="calendar-feed"),
    path(
        "accounts/calendar-feed/reset/",
        views.ResetCalendarFeedView.as_view(),
        name="reset-calendar-feed",
    ),
]
