"""The admin never answers 500 to a malformed request (issue 10, rule 11).

Every ModelAdmin registered on the site, the leadership's, the site's and the libraries' included,
gets each malformed request that applies to it: ids that are not numbers or are too large for any
column in the URL or in an action's selection, bad ordering, page and date-hierarchy parameters,
and a bad export format. SQLite raises OverflowError on a huge integer and PostgreSQL DataError:
the fix refuses such values before a query is built, so the answer is the same on both.
"""

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.views.main import ORDER_VAR, PAGE_VAR
from django.core.exceptions import BadRequest
from django.db import DataError
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from cate_portal.admin_site import PortalAdminSite, refuse_malformed_requests
from cate_portal.models import User
from partners.models import Application, Organization

pytestmark = pytest.mark.django_db

HUGE = str(2**70)
NOT_AN_ID = ("abc", HUGE, "-1", "0", "1.5", "1e3")
# 400 when the request is refused; otherwise Django's own answer: the page, a redirect with a
# message, or "not found". Never 500.
ANSWERS = {200, 302, 400, 403, 404}


def _label(model) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


REGISTRY = sorted(admin.site._registry.items(), key=lambda item: _label(item[0]))


def _url(model, view: str, *args) -> str | None:
    try:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)
    except NoReverseMatch:
        return None


def _history_url(model, object_id: str, history_id: str) -> str:
    """simple-history's page of one past version; its URL pattern takes any text for both."""
    base = _url(model, "changelist")
    return f"{base}{object_id}/history/{history_id}/"


def _requests_for(model, model_admin, request) -> list[tuple[str, str, dict | None]]:
    """(method, url, POST data) of each malformed request that applies to this admin."""
    changelist = _url(model, "changelist")
    wanted: list[tuple[str, str, dict | None]] = []
    # An id in the URL that is not a number, or too large for any column.
    for bad in NOT_AN_ID:
        for view in ("change", "delete", "history"):
            wanted.append(("get", _url(model, view, bad), None))
    if _url(model, "simple_history", 1, 1):
        for object_id, history_id in (("abc", "1"), ("1", "abc"), (HUGE, "1"), ("1", HUGE)):
            wanted.append(("get", _history_url(model, object_id, history_id), None))
    # An action on a selection that is not ids, or ids too large for any column.
    actions = list(model_admin.get_actions(request)) or ["delete_selected"]
    for action in actions:
        for bad in NOT_AN_ID:
            selection = {"action": action, "index": "0", ACTION_CHECKBOX_NAME: [bad]}
            wanted.append(("post", changelist, selection))
            wanted.append(("post", changelist, {**selection, "select_across": "1"}))
            # The delete confirmation page posts back without "index".
            wanted.append(("post", changelist, {"action": action, ACTION_CHECKBOX_NAME: [bad]}))
    # The list's ordering, page and filters.
    for query in (
        f"{ORDER_VAR}=abc",
        f"{ORDER_VAR}=99",
        f"{ORDER_VAR}={HUGE}",
        f"{ORDER_VAR}=-.1.x",
        f"{PAGE_VAR}=abc",
        f"{PAGE_VAR}={HUGE}",
        f"{PAGE_VAR}=-1",
        "id__in=1," + HUGE,
        "id=" + HUGE,
        "id__gt=abc",
        "no_such_field=1",
    ):
        wanted.append(("get", f"{changelist}?{query}", None))
    if model_admin.date_hierarchy:
        field = model_admin.date_hierarchy
        for params in (
            {"year": "abc"},
            {"year": HUGE},
            {"year": "0"},
            {"year": "9999"},
            {"year": "9999", "month": "12"},
            {"year": "9999", "month": "12", "day": "31"},
            {"year": "1", "month": "1", "day": "1"},
            {"year": "2025", "month": "13"},
            {"year": "2025", "month": "2", "day": "30"},
            {"year": "2025", "month": HUGE},
            {"month": HUGE},  # without a year Django reads it as an ordinary filter
            {"day": "abc"},
        ):
            query = "&".join(f"{field}__{part}={value}" for part, value in params.items())
            wanted.append(("get", f"{changelist}?{query}", None))
    export = _url(model, "export")
    if export:
        wanted.append(("get", f"{export}?format=99", None))
        wanted.append(("get", f"{export}?format=abc&resource={HUGE}", None))
        for data in (
            {"format": "99", "resource": "0"},
            {"format": "abc", "resource": "0"},
            {"format": HUGE},
            {"format": "0", "resource": "99"},
            {"format": "0", "resource": "abc"},
            {"format": "0", "resource": "0", "export_items": ["abc", HUGE]},
        ):
            wanted.append(("post", export, data))
    return wanted


@pytest.mark.parametrize(("model", "model_admin"), REGISTRY, ids=[_label(m) for m, _ in REGISTRY])
def test_every_admin_answers_malformed_requests_without_a_server_error(
    director_client, totp_director, model, model_admin
):
    director_client.raise_request_exception = False
    request = RequestFactory().get("/admin/")
    request.user = totp_director
    failures = []
    for method, url, data in _requests_for(model, model_admin, request):
        response = getattr(director_client, method)(url, data) if data else director_client.get(url)
        if response.status_code not in ANSWERS:
            failures.append(f"{method.upper()} {url} {data or ''} -> {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    "url",
    [
        f"/admin/r/{HUGE}/{HUGE}/",
        "/admin/r/1/abc/",
        "/admin/autocomplete/?app_label=partners&model_name=organization&field_name=abc",
        f"/admin/autocomplete/?app_label=leadership&model_name=seat&field_name=organization&page={HUGE}",
        "/admin/no_such_app/",
        f"/admin/partners/application/{HUGE}/approve/",
        f"/admin/partners/application/{HUGE}/document/",
        f"/admin/leadership/proposal/{HUGE}/approve-application/",
        f"/admin/partners/valuesversion/compliance/?{ORDER_VAR}=abc",
    ],
)
def test_the_site_and_apps_own_admin_pages_answer_malformed_requests(director_client, url):
    director_client.raise_request_exception = False
    assert director_client.get(url).status_code in ANSWERS


def test_the_registry_covers_the_apps_of_the_portal():
    """The enumeration above reaches the admins of every app, not only the partners'."""
    labels = {model._meta.app_label for model, _ in REGISTRY}
    assert {"cate_portal", "partners", "leadership", "auth", "account", "mfa"} <= labels


def test_the_site_is_the_portal_admin_site():
    assert isinstance(admin.site, PortalAdminSite)


def _text_filters(model_admin) -> list[str]:
    """The list's filters that a query string names (a field, or a filter's own parameter)."""
    names = []
    for entry in model_admin.list_filter:
        if isinstance(entry, str):
            names.append(entry)
        elif isinstance(entry, tuple | list):
            names.append(entry[0])
        else:
            names.append(entry.parameter_name)
    return names


@pytest.mark.parametrize(("model", "model_admin"), REGISTRY, ids=[_label(m) for m, _ in REGISTRY])
def test_a_nul_character_in_a_list_filter_or_search_is_a_bad_request(
    director_client, model, model_admin
):
    """PostgreSQL cannot hold a NUL character in text: its driver raises (a 500) where SQLite
    filters. Refused before any query, the answer is 400 on both."""
    director_client.raise_request_exception = False
    changelist = _url(model, "changelist")
    queries = [f"{name}=a%00" for name in _text_filters(model_admin)]
    if model_admin.search_fields:
        queries.append("q=a%00b")
    failures = [
        f"{query} -> {status}"
        for query in queries
        if (status := director_client.get(f"{changelist}?{query}").status_code) != 400
    ]
    assert not failures, "\n".join(failures)


def test_a_nul_character_in_an_autocomplete_search_is_a_bad_request(director_client):
    director_client.raise_request_exception = False
    query = "app_label=leadership&model_name=seat&field_name=organization&term=a%00"
    assert director_client.get(f"/admin/autocomplete/?{query}").status_code == 400


# --- The refusals themselves, one by one ---------------------------------------------------


def _changelist_post(client, model, selected, **extra):
    data = {"action": "delete_selected", "index": "0", ACTION_CHECKBOX_NAME: selected, **extra}
    return client.post(_url(model, "changelist"), data)


@pytest.mark.parametrize("bad", ["abc", HUGE, str(2**63), "0", "-4"])
def test_an_action_on_ids_that_cannot_exist_is_refused_before_it_runs(
    director_client, organization, bad
):
    response = director_client.post(
        _url(Organization, "changelist"),
        {"action": "deactivate", "index": "0", ACTION_CHECKBOX_NAME: [str(organization.pk), bad]},
    )
    assert response.status_code == 400
    organization.refresh_from_db()
    assert organization.status == "active"  # nothing ran on the good id either


def test_an_action_on_real_ids_still_runs(director_client, organization):
    response = director_client.post(
        _url(Organization, "changelist"),
        {"action": "deactivate", "index": "0", ACTION_CHECKBOX_NAME: [str(organization.pk)]},
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.status == "inactive"


def test_a_history_id_that_is_not_a_number_is_a_bad_request(director_client, organization):
    good = organization.history.latest().history_id
    assert director_client.get(_history_url(Organization, organization.pk, good)).status_code == (
        200
    )
    for object_id, history_id in ((organization.pk, "abc"), ("abc", good), (organization.pk, HUGE)):
        response = director_client.get(_history_url(Organization, object_id, history_id))
        assert response.status_code == 400, (object_id, history_id)


def test_a_non_numeric_id_on_a_history_page_is_a_bad_request(director_client, organization):
    assert director_client.get(_url(Organization, "history", organization.pk)).status_code == 200
    assert director_client.get(_url(Organization, "history", "abc")).status_code == 400


def test_an_impossible_id_in_a_change_url_is_a_bad_request_and_a_missing_one_is_a_message(
    director_client,
):
    assert director_client.get(_url(User, "change", "abc")).status_code == 400
    missing = director_client.get(_url(User, "change", "123456"), follow=True)
    assert "Perhaps it was deleted?" in missing.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "submitted_at__year=9999",
        "submitted_at__year=9999&submitted_at__month=12&submitted_at__day=31",
        f"submitted_at__year={HUGE}",
        "submitted_at__year=0",
    ],
)
def test_a_date_hierarchy_out_of_the_calendar_is_a_bad_request(director_client, query):
    response = director_client.get(f"{_url(Application, 'changelist')}?{query}")
    assert response.status_code == 400


def test_a_date_hierarchy_in_the_calendar_still_filters(director_client):
    query = "submitted_at__year=2025&submitted_at__month=2"
    response = director_client.get(f"{_url(Application, 'changelist')}?{query}")
    assert response.status_code == 200


def test_an_export_with_filters_the_list_does_not_know_is_a_bad_request(director_client):
    response = director_client.get(_url(Organization, "export") + "?format=99")
    assert response.status_code == 400
    assert director_client.get(_url(Organization, "export")).status_code == 200


def test_an_export_form_with_an_unknown_format_is_shown_again_with_its_error(director_client):
    response = director_client.post(_url(Organization, "export"), {"format": "99", "resource": "0"})
    assert response.status_code == 200
    assert "format" in response.context["form"].errors


# --- The safety net: narrow, and real server errors still surface -------------------------


def _guarded(error):
    def view(request):
        raise error

    return refuse_malformed_requests(view)


@pytest.mark.parametrize(
    "error",
    [OverflowError("Python int too large to convert to SQLite INTEGER")],
)
def test_a_number_too_large_for_the_database_is_a_bad_request(rf, error):
    with pytest.raises(BadRequest):
        _guarded(error)(rf.get("/admin/"))


class _PgError(Exception):
    def __init__(self, pgcode):
        super().__init__(pgcode)
        self.pgcode = pgcode


def _data_error(pgcode: str) -> DataError:
    error = DataError("out of range")
    error.__cause__ = _PgError(pgcode)
    return error


def test_postgresql_out_of_range_numbers_are_a_bad_request(rf):
    with pytest.raises(BadRequest):
        _guarded(_data_error("22003"))(rf.get("/admin/"))


@pytest.mark.parametrize(
    "error",
    [
        ValueError("a bug"),
        KeyError("a bug"),
        _data_error("22001"),  # value too long for a column: a missing form check, a real bug
        DataError("no code"),
    ],
)
def test_other_errors_are_not_swallowed(rf, error):
    with pytest.raises(type(error)):
        _guarded(error)(rf.get("/admin/"))
