"""URLs of the public application to join (issue: applying to join)."""

from django.urls import path  # noqa: F401

app_name = "applications"

urlpatterns: list = []
