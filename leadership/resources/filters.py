"""The resource library's filters: every filter lives in the query string, so a search can be
shared (like the partner directory's, partners/organizations/filters.py); topics are slugs."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cate_portal.filtersets import FlagsErrorsMixin
from leadership.models import Resource, ResourceTopic


class ResourceKind:
    FILE = "file"
    LINK = "link"
    CHOICES = ((FILE, _("Files")), (LINK, _("Links")))


class ResourceFilter(FlagsErrorsMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Words in the title or description"),
        method="filter_words",
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}),
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        queryset=ResourceTopic.objects.all(),
        to_field_name="slug",
        field_name="topics",
        empty_label=_("Any topic"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Files or links"),
        choices=ResourceKind.CHOICES,
        method="filter_kind",
        empty_label=_("Files and links"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    class Meta:
        model = Resource
        fields: list[str] = []

    def filter_words(self, queryset, name, value):
        """Every word must appear in the title or the description (case-insensitive)."""
        for word in value.split()[:10]:
            queryset = queryset.filter(Q(title__icontains=word) | Q(description__icontains=word))
        return queryset

    def filter_kind(self, queryset, name, value):
        if value == ResourceKind.FILE:
            return queryset.exclude(file="")
        return queryset.exclude(link="")
