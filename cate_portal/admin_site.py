"""The portal's admin site: Django's, with one rule for every ModelAdmin registered on it.

A malformed request never ends in a server error: an id that cannot exist (not a number, zero,
negative, or too large for any column) in the URL or in an action's selection, a date-hierarchy
date outside the calendar, filters the list does not know, a NUL character in the query string
(a list's filter or search, the autocomplete's term: PostgreSQL's driver refuses it in any
text). Each is answered 400 Bad Request.

The rule sits on the site, around every admin view (Django's, simple-history's, import-export's
and the apps' own), so an admin added later is covered without doing anything. Where the cause
is known, the request is checked before any query is built: SQLite raises OverflowError on a
huge integer and PostgreSQL DataError, so refusing the value first gives the same answer on both.
A narrow safety net remains for the rest: the admin's own "incorrect lookup" error, and numbers
or dates out of the database's range. Any other error is a bug and stays a 500.
"""

import datetime
import logging
from functools import partial, wraps

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import TO_FIELD_VAR
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import IncorrectLookupParameters
from django.core.exceptions import BadRequest, ValidationError
from django.db import DataError, models
from django.urls import path, reverse
from django.utils.text import slugify

from cate_portal import admin_dashboard, evaluation
from cate_portal.form_fields import pk_in_range

logger = logging.getLogger(__name__)

# PostgreSQL's SQLSTATEs for a number (22003) or a date (22008) out of its column's range.
OUT_OF_RANGE_SQLSTATES = frozenset({"22003", "22008"})
# The date hierarchy's bounds: a day of year 1 or 9999 in local time can fall outside the
# calendar once converted to UTC, or when the next year is computed.
FIRST_YEAR, LAST_YEAR = 2, 9998


class PortalAdminConfig(AdminConfig):
    """Django's admin app (in INSTALLED_APPS in its place), with the site below as admin.site."""

    default_site = "cate_portal.admin_site.PortalAdminSite"


#: The admin's navigation, grouped by the director's work: (group, its models as
#: "app_label.model_name", in the order shown). A registered model in no group is out of sight
#: (Groups, e-mail addresses, authenticators, Missouri's areas): still reachable by its address,
#: never in the way. Labels only, so the ground imports no app.
TASK_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Partners", ("partners.organization", "partners.membership", "partners.invitation")),
    ("Applications", ("partners.application",)),
    ("Shared values", ("partners.valuesversion", "partners.agreement")),
    (
        "Leadership",
        (
            "leadership.seat",
            "leadership.term",
            "leadership.proposal",
            "leadership.delegation",
            "leadership.vote",
        ),
    ),
    ("Resources", ("leadership.resource", "leadership.resourcetopic")),
    ("Support", ("partners.fiscalsponsorship", "partners.funder", "partners.support")),
    (
        "Site content",
        (
            "cate_portal.timelineentry",
            "partners.sector",
            "partners.service",
            "partners.population",
            "cate_portal.contactmessage",
        ),
    ),
    ("Accounts", ("cate_portal.user", "cate_portal.sentreminder")),
)
#: Extra links of a group, after its models: (label, URL name), e.g. the compliance report.
TASK_GROUP_LINKS: dict[str, tuple[tuple[str, str], ...]] = {
    "Partners": (("Evaluation", "admin:evaluation"),),
    "Shared values": (("Compliance report", "admin:partners_values_compliance"),),
}


class PortalAdminSite(admin.AdminSite):
    """Django's admin site; every view it serves refuses malformed requests with a 400. Its home
    is the director's dashboard, and its navigation is grouped by task (TASK_GROUPS)."""

    index_template = "admin/index.html"

    def admin_view(self, view, cacheable=False):
        # Django's checks (signed in, staff) come first; ours run only for those it lets through.
        return super().admin_view(refuse_malformed_requests(view), cacheable)

    def get_urls(self):
        """Django's admin URLs, after the site's own pages (the coalition's evaluation)."""
        return [
            path(
                "evaluation/",
                self.admin_view(partial(evaluation.evaluation_view, site=self)),
                name="evaluation",
            ),
            path(
                "evaluation.csv",
                self.admin_view(partial(evaluation.evaluation_csv_view, site=self)),
                name="evaluation_csv",
            ),
            *super().get_urls(),
        ]

    def get_app_list(self, request, app_label=None):
        """The apps' models grouped by task; an app's own page (``app_label``) stays Django's."""
        if app_label is not None:
            return super().get_app_list(request, app_label)
        models = {
            f"{app['app_label']}.{model['object_name'].lower()}": model
            for app in self._build_app_dict(request).values()
            for model in app["models"]
        }
        groups = []
        for name, labels in TASK_GROUPS:
            shown = [models[label] for label in labels if label in models]
            shown += [
                _link_entry(text, url_name)
                for text, url_name in TASK_GROUP_LINKS.get(name, ())
                if shown
            ]
            if shown:
                groups.append(
                    {
                        "name": name,
                        "app_label": slugify(name),
                        "app_url": "",
                        "has_module_perms": True,
                        "models": shown,
                    }
                )
        return groups

    def index(self, request, extra_context=None):
        """The director's dashboard: the panels the apps registered, then the grouped lists."""
        context = {
            "title": "Dashboard",
            "panels": admin_dashboard.panels_for(request),
            **(extra_context or {}),
        }
        return super().index(request, context)


def _link_entry(text: str, url_name: str) -> dict:
    """A navigation entry that is a page rather than a model's list."""
    url = reverse(url_name)
    return {
        "name": text,
        "object_name": slugify(text).replace("-", ""),
        "admin_url": url,
        "add_url": None,
        "view_only": True,
        "perms": {"view": True},
    }


def refuse_malformed_requests(view):
    """Wraps an admin view so that a malformed request is a 400, never a 500."""
    model_admin = getattr(view, "__self__", None)  # a ModelAdmin's views are its methods
    if not isinstance(model_admin, admin.ModelAdmin):
        model_admin = None

    @wraps(view)
    def guarded(request, *args, **kwargs):
        _check_query_text(request)
        if model_admin is not None:
            _check_url_ids(request, model_admin, view, args, kwargs)
            _check_selection(request, model_admin)
            _check_date_hierarchy(request, model_admin)
        try:
            return view(request, *args, **kwargs)
        except IncorrectLookupParameters as error:
            # The list's filters do not fit the model (a view other than the list's own, such
            # as the export, builds the list without Django's redirect for this case).
            raise BadRequest("These filters do not apply to this list.") from error
        except OverflowError as error:
            _log_refused(request, error)
            raise BadRequest("A number in this request is out of range.") from error
        except DataError as error:
            if _sqlstate(error) not in OUT_OF_RANGE_SQLSTATES:
                raise
            _log_refused(request, error)
            raise BadRequest("A number or date in this request is out of range.") from error

    return guarded


def _log_refused(request, error: Exception) -> None:
    # Logged with its traceback: should a bug rather than the request be the cause, it shows.
    logger.warning(
        "Admin request refused as malformed: %s %s", request.method, request.path, exc_info=error
    )


def _sqlstate(error: DataError) -> str | None:
    cause = error.__cause__
    return getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", None)  # psycopg 2 / 3


def possible_pk(field: models.Field, value) -> bool:
    """Whether `value` can be a value of the primary key `field` (or of the key it refers to)."""
    while field.is_relation:
        field = field.target_field
    try:
        value = field.to_python(value)
    except ValidationError:
        return False
    if isinstance(field, models.IntegerField):
        return pk_in_range(value)
    return True


def _check_query_text(request) -> None:
    """No NUL character in the query string: no text in the database can hold one, and
    PostgreSQL's driver raises on it (a form's fields refuse it themselves, in a POST)."""
    for key, values in request.GET.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            raise BadRequest("This request holds a NUL character, which no text can contain.")


def _check_url_ids(request, model_admin, view, args, kwargs) -> None:
    model = model_admin.model
    ids = []
    # Django's change, delete and history pages. With ?_to_field= the id is another field's
    # value, which Django checks itself.
    to_field = TO_FIELD_VAR in request.GET or TO_FIELD_VAR in request.POST
    if "object_id" in kwargs and not to_field:
        ids.append((model._meta.pk, kwargs["object_id"]))
    # simple-history's page of one past version: "<object_id>/history/<history_id>/", both
    # passed positionally and accepted as any text by its URL pattern.
    if getattr(view, "__name__", "") == "history_form_view" and len(args) == 2:
        history = getattr(model, model._meta.simple_history_manager_attribute)
        ids += [(model._meta.pk, args[0]), (history.model._meta.pk, args[1])]
    for field, value in ids:
        if not possible_pk(field, unquote(value)):
            raise BadRequest("No record can have this id.")


# The POST fields that carry selected ids: Django's actions, and import-export's export of a
# selection.
SELECTION_FIELDS = (ACTION_CHECKBOX_NAME, "export_items")


def _check_selection(request, model_admin) -> None:
    """Selected ids, checked before the list is filtered by them."""
    if request.method != "POST":
        return
    pk = model_admin.model._meta.pk
    for name in SELECTION_FIELDS:
        if not all(possible_pk(pk, value) for value in request.POST.getlist(name)):
            raise BadRequest("The selection holds ids no record can have: nothing was changed.")


def _check_date_hierarchy(request, model_admin) -> None:
    """The list's date drill-down (?<field>__year=&__month=&__day=) names a day Django can use."""
    field = model_admin.date_hierarchy
    if not field or f"{field}__year" not in request.GET:
        return
    # Django reads the last value of each, with month and day 1 when absent.
    year, month, day = (
        request.GET.getlist(f"{field}__{part}")[-1:] or ["1"] for part in ("year", "month", "day")
    )
    try:
        date = datetime.date(int(year[0]), int(month[0]), int(day[0]))
    except (ValueError, OverflowError):
        date = None
    if date is None or not FIRST_YEAR <= date.year <= LAST_YEAR:
        raise BadRequest("This date is not one the list can show.")
