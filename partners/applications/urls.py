"""URLs of the public application to join (issue: applying to join)."""

from django.urls import path

from partners.applications import views

app_name = "applications"

urlpatterns = [
    path("apply/", views.ApplyView.as_view(), name="apply"),
    path("apply/sent/", views.ApplicationSentView.as_view(), name="sent"),
    path("apply/status/<str:token>/", views.ApplicationStatusView.as_view(), name="status"),
]
