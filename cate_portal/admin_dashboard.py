"""The director's dashboard on the admin home: panels the apps register, the ground shows.

The ground knows no app. Each app registers, from its AppConfig.ready(), functions that build a
panel for a request; the admin site's index (cate_portal.admin_site.PortalAdminSite.index) calls
them in order and the template ``admin/index.html`` shows them: first what needs doing, then the
state of the coalition.

    def applications_panel(request) -> Panel | None:
        return Panel(section=TODO, title="Applications", figures=[
            Figure(label="waiting for review", count=..., url=changelist_url(...)),
        ])

    admin_dashboard.register(applications_panel, order=10)

Every figure links to the admin list filtered to exactly the records it counts (a test asks each
list for its count). A panel runs a fixed number of queries, whatever the number of records.
A panel for a feature that does not exist yet is not registered: nothing is shown in its place.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format

#: Sections of the dashboard, in the order shown.
TODO: Final = "todo"
STATE: Final = "state"
SECTIONS = (TODO, STATE)


@dataclass(frozen=True)
class Figure:
    """A number and the admin list of exactly the records it counts."""

    label: str
    count: int
    url: str


@dataclass(frozen=True)
class Row:
    """One line of a panel's table: cells of text, the first one linked when `url` is set."""

    cells: tuple[str, ...]
    url: str = ""


@dataclass(frozen=True)
class Panel:
    section: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    #: A table under the figures (recent changes, open decisions), with its column headings.
    headings: tuple[str, ...] = ()
    rows: list[Row] = field(default_factory=list)
    #: Links under the panel: (text, url), e.g. a CSV download.
    links: list[tuple[str, str]] = field(default_factory=list)
    note: str = ""


PanelBuilder = Callable[..., Panel | None]
_PANELS: list[tuple[int, str, PanelBuilder]] = []


def register(builder: PanelBuilder, *, order: int) -> None:
    """Adds a panel builder (called with the request); registering it again changes nothing."""
    name = f"{builder.__module__}.{builder.__qualname__}"
    if any(existing == name for _order, existing, _builder in _PANELS):
        return
    _PANELS.append((order, name, builder))
    _PANELS.sort(key=lambda item: (item[0], item[1]))


def panels_for(request) -> dict[str, list[Panel]]:
    """The registered panels for this request, by section (panels returning None are left out)."""
    sections: dict[str, list[Panel]] = {section: [] for section in SECTIONS}
    for _order, _name, builder in _PANELS:
        panel = builder(request)
        if panel is not None:
            sections[panel.section].append(panel)
    return sections


def changelist_url(app_label: str, model_name: str, **filters) -> str:
    """The admin list of a model, filtered by `filters` (query parameters, in order)."""
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


# --- Recent changes: simple-history's records of every model that keeps history -------------

#: How many changes the panel lists.
RECENT_CHANGES = 12
#: The field that names a record in the list, the first one a history model has.
NAMING_FIELDS = ("name", "title", "label", "reference", "email")
HISTORY_TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}


def recent_changes(request) -> Panel:
    """The latest changes to any record that keeps history, with who made them (or "the
    system"). One query per model with history, whatever the number of records."""
    from simple_history.models import registered_models

    records = []
    for model in registered_models.values():
        manager = getattr(model._meta, "simple_history_manager_attribute", None)
        if manager is None:  # the history of a many-to-many link, kept with its model's
            continue
        history = getattr(model, manager).model
        records += list(
            history.objects.select_related("history_user").order_by("-history_date")[
                :RECENT_CHANGES
            ]
        )
    records.sort(key=lambda record: record.history_date, reverse=True)
    rows = []
    for record in records[:RECENT_CHANGES]:
        model = record.instance_type
        name = next(
            (getattr(record, f) for f in NAMING_FIELDS if getattr(record, f, "")),
            f"#{record.pk}",
        )
        user = record.history_user
        try:
            url = reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_history",
                args=[getattr(record, model._meta.pk.attname)],
            )
        except NoReverseMatch:
            url = ""
        rows.append(
            Row(
                cells=(
                    f"{model._meta.verbose_name.capitalize()}: {name}",
                    HISTORY_TYPES.get(record.history_type, record.history_type),
                    (user.full_name or user.email) if user else "the system",
                    date_format(timezone.localtime(record.history_date), "DATETIME_FORMAT"),
                ),
                url=url,
            )
        )
    return Panel(
        section=STATE,
        title="Recent changes",
        headings=("Record", "Change", "By", "When"),
        rows=rows,
    )


register(recent_changes, order=900)
