from django.urls import path

from partners.organizations import views

app_name = "partners"

urlpatterns = [
    path("partners/", views.DirectoryView.as_view(), name="directory"),
    path("coverage/", views.CoverageView.as_view(), name="coverage"),
    path("partners/<slug:slug>/", views.OrganizationDetailView.as_view(), name="detail"),
    path("partners/<slug:slug>/logo.png", views.organization_logo, name="logo"),
]
