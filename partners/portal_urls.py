from django.urls import path

from . import portal_views

app_name = "portal"

urlpatterns = [
    path("portal/", portal_views.DashboardView.as_view(), name="dashboard"),
]
