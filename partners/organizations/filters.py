"""The public directory's filters. Every filter lives in the query string, so a search can be
shared; values are slugs and FIPS codes rather than database ids."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from cate_portal.filtersets import FlagsErrorsMixin
from cate_portal.models import Area
from partners.models import Language, Organization, Population, Sector, Service
from partners.organizations.places import Place, resolve_place

# Sectors that fund or support the coalition rather than deliver services to survivors: a "find
# help" search leaves them out unless a sector is chosen or "show all coalition partners" is on.
NOT_SERVICE_DELIVERY_SECTORS = ("funder", "business")


class TraffickingType:
    SEX = "sex"
    LABOR = "labor"
    CHOICES = ((SEX, _("Sex trafficking")), (LABOR, _("Labor trafficking")))
    FIELDS = {SEX: "serves_sex_trafficking", LABOR: "serves_labor_trafficking"}


def _select(empty_label) -> dict:
    return {"empty_label": empty_label, "widget": forms.Select(attrs={"class": "form-select"})}


def _checkbox(label, method: str) -> django_filters.BooleanFilter:
    return django_filters.BooleanFilter(
        label=label, method=method, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )


class CoverageFilter(FlagsErrorsMixin, django_filters.FilterSet):
    """What the coverage map counts: partners offering a service, to a population, for a type of
    trafficking, in a language. The directory adds place, sector and the rest."""

    service = django_filters.ModelChoiceFilter(
        label=_("Service"),
        queryset=Service.objects.all(),
        to_field_name="slug",
        field_name="services",
        **_select(_("Any service")),
    )
    population = django_filters.ModelChoiceFilter(
        label=_("Population served"),
        queryset=Population.objects.all(),
        to_field_name="slug",
        field_name="populations",
        **_select(_("Any population")),
    )
    trafficking = django_filters.ChoiceFilter(
        label=_("Trafficking type"),
        choices=TraffickingType.CHOICES,
        method="filter_trafficking",
        **_select(_("Any type")),
    )
    language = django_filters.ModelChoiceFilter(
        label=_("Language"),
        queryset=Language.objects.all(),
        to_field_name="slug",
        field_name="spoken_languages",
        **_select(_("Any language")),
    )

    class Meta:
        model = Organization
        fields: list[str] = []

    def filter_trafficking(self, queryset, name, value):
        return queryset.filter(**{TraffickingType.FIELDS[value]: True})


class DirectoryFilter(CoverageFilter):
    """The directory's filters. After `.qs`, `place` holds the place the search box named (or
    None) and `areas` the areas asked for (the county chosen, else the place's), for the view's
    groups and neighbours."""

    q = django_filters.CharFilter(
        label=_("Town, ZIP code, county or name"),
        method="filter_text",
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "type": "search",
                "autocomplete": "postal-code",
                "aria-describedby": "search-help",
            }
        ),
    )
    county = django_filters.ModelChoiceFilter(
        label=_("County"),
        queryset=Area.objects.all(),
        to_field_name="fips",
        method="filter_county",
        **_select(_("Any county")),
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        queryset=Sector.objects.all(),
        to_field_name="slug",
        field_name="sector",
        **_select(_("Any sector")),
    )

    open_24_7 = _checkbox(_("Open 24/7"), "filter_flag")
    accepts_referrals = _checkbox(_("Accepts referrals"), "filter_flag")
    all = _checkbox(_("Show all coalition partners (funders and businesses too)"), "filter_all")

    class Meta:
        model = Organization
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.place: Place | None = None
        self.areas: tuple[Area, ...] = ()
        # The order of the fields on the page: the place first.
        order = ["q", "county", "service", "population", "trafficking", "language", "sector"]
        self.form.order_fields(order)
        # The filters sit apart from the search box (after the results on a phone): they
        # belong to its form through the form attribute.
        for field in self.form.fields.values():
            field.widget.attrs["form"] = "directory-form"

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if not (data.get("sector") or data.get("all")):
            queryset = queryset.exclude(sector__slug__in=NOT_SERVICE_DELIVERY_SECTORS)
        if data.get("county"):
            self.areas = (data["county"],)
        elif self.place:
            self.areas = self.place.areas
        return queryset

    def filter_text(self, queryset, name, value):
        value = " ".join(value.split())
        if not value:
            return queryset
        self.place = resolve_place(value)
        if self.place:
            return queryset.serving(*self.place.areas)
        names_language = Organization.spoken_languages.through.objects.filter(
            organization_id=OuterRef("pk"), language__name__iexact=value
        )
        # Addresses are never searched: whether one is public is the visibility rule's
        # (partners/visibility.py) to say, per viewer; a town finds its county instead.
        return queryset.filter(
            Q(name__icontains=value) | Q(description__icontains=value) | Exists(names_language)
        )

    def filter_county(self, queryset, name, value):
        # A statewide partner serves every county: the rule is the queryset's.
        return queryset.serving(value)

    def filter_flag(self, queryset, name, value):
        return queryset.filter(**{name: True}) if value else queryset

    def filter_all(self, queryset, name, value):
        return queryset  # read in filter_queryset
