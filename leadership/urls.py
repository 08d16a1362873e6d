"""URLs of the coalition's leadership: the roster, decisions and votes."""

from django.urls import path

from leadership.decisions import views
from leadership.seats.views import RosterView

app_name = "leadership"

urlpatterns = [
    path("leadership/", RosterView.as_view(), name="roster"),
    path("leadership/decisions/", views.ProposalListView.as_view(), name="decision-list"),
    path(
        "leadership/decisions/<int:pk>/",
        views.ProposalDetailView.as_view(),
        name="decision-detail",
    ),
    path(
        "leadership/decisions/<int:pk>/vote/<slug:slug>/",
        views.VoteView.as_view(),
        name="vote",
    ),
    path("leadership/delegate/<slug:slug>/", views.DelegateView.as_view(), name="delegate"),
]
