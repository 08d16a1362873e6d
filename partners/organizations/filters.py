"""The public directory's filters. Every filter lives in the query string, so a search can be
shared; values are slugs and FIPS codes rather than database ids."""

import django_filters
from django import forms
from django.db.models import Q

from cate_portal.models import Area
from partners.models import Organization, Population, Sector, Service


class TraffickingType:
    SEX = "sex"
    LABOR = "labor"
    CHOICES = ((SEX, "Sex trafficking"), (LABOR, "Labor trafficking"))
    FIELDS = {SEX: "serves_sex_trafficking", LABOR: "serves_labor_trafficking"}


def _select(label: str) -> dict:
    return {"empty_label": f"Any {label}", "widget": forms.Select(attrs={"class": "form-select"})}


class DirectoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Name or description contains",
        method="filter_text",
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}),
    )
    county = django_filters.ModelChoiceFilter(
        label="County",
        queryset=Area.objects.all(),
        to_field_name="fips",
        method="filter_county",
        **_select("county"),
    )
    service = django_filters.ModelChoiceFilter(
        label="Service",
        queryset=Service.objects.all(),
        to_field_name="slug",
        field_name="services",
        **_select("service"),
    )
    population = django_filters.ModelChoiceFilter(
        label="Population served",
        queryset=Population.objects.all(),
        to_field_name="slug",
        field_name="populations",
        **_select("population"),
    )
    trafficking = django_filters.ChoiceFilter(
        label="Trafficking type",
        choices=TraffickingType.CHOICES,
        method="filter_trafficking",
        **_select("type"),
    )
    sector = django_filters.ModelChoiceFilter(
        label="Sector",
        queryset=Sector.objects.all(),
        to_field_name="slug",
        field_name="sector",
        **_select("sector"),
    )

    class Meta:
        model = Organization
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value))

    def filter_county(self, queryset, name, value):
        # A statewide partner serves every county: the rule is the queryset's.
        return queryset.serving(value)

    def filter_trafficking(self, queryset, name, value):
        return queryset.filter(**{TraffickingType.FIELDS[value]: True})

    def flag_errors(self) -> None:
        """Mark fields with errors for assistive technology and Bootstrap's styles."""
        for name in self.form.errors:
            if name in self.form.fields:
                attrs = self.form.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self.form[name].id_for_label}-error"
