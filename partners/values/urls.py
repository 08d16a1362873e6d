"""URLs of the shared values and their signing (issue: shared values)."""

from django.urls import path

from partners.values import views

app_name = "values"

urlpatterns = [
    path("values/", views.ValuesVersionView.as_view(), name="current"),
    path("values/<slug:slug>/", views.ValuesVersionView.as_view(), name="version"),
    path("portal/agreement/", views.AgreementView.as_view(), name="agreement"),
]
