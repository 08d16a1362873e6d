"""URLs of the coalition's leadership: the roster, decisions and votes, the resource library."""

from django.urls import path

from leadership.decisions import views
from leadership.resources import views as resource_views
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
        "leadership/decisions/<int:pk>/documents/<int:document_pk>/",
        views.ProposalDocumentView.as_view(),
        name="decision-document",
    ),
    path(
        "leadership/decisions/<int:pk>/vote/<slug:slug>/",
        views.VoteView.as_view(),
        name="vote",
    ),
    path("leadership/delegate/<slug:slug>/", views.DelegateView.as_view(), name="delegate"),
    path("resources/", resource_views.ResourceListView.as_view(), name="resource-list"),
    path(
        "resources/<int:pk>/",
        resource_views.ResourceDetailView.as_view(),
        name="resource-detail",
    ),
    path(
        "resources/<int:pk>/download/",
        resource_views.ResourceDownloadView.as_view(),
        name="resource-download",
    ),
    path(
        "resources/contribute/<slug:slug>/",
        resource_views.ContributeResourceView.as_view(),
        name="resource-contribute",
    ),
]
