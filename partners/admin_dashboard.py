"""Partners' panels on the director's dashboard (cate_portal.admin_dashboard), registered from
PartnersConfig.ready(). Each figure links to the admin list filtered to exactly its records; each
panel runs a fixed number of queries."""

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from cate_portal.admin_dashboard import STATE, TODO, Figure, Panel, changelist_url, register
from partners.models import Application, Organization, OrganizationStatus, Support
from partners.models.applications import OPEN_STATUSES
from partners.organizations.reminders import organizations_due_for_profile_review
from partners.support.selectors import ENDING_SOON
from partners.values import selectors as values_selectors


def _org_list(**filters) -> str:
    return changelist_url("partners", "organization", **filters)


def partner_tasks(request) -> Panel:
    today = timezone.localdate()
    version = values_selectors.current_version_only()
    waiting = Application.objects.filter(status__in=OPEN_STATUSES).count()
    overdue = values_selectors.organizations_in_agreement_state(
        values_selectors.OVERDUE, version=version, today=today
    ).count()
    stale = organizations_due_for_profile_review(today).count()
    support = Support.objects.ending_between(today, today + ENDING_SOON).count()
    statuses = ",".join(sorted(OPEN_STATUSES))
    return Panel(
        section=TODO,
        title="Partners and support",
        figures=[
            Figure(
                "applications waiting for review",
                waiting,
                changelist_url("partners", "application", status__in=statuses),
            ),
            Figure(
                "partners overdue signing the shared values",
                overdue,
                _org_list(agreement=values_selectors.OVERDUE),
            ),
            Figure(
                "profiles not confirmed in 12 months",
                stale,
                _org_list(profile="due"),
            ),
            Figure(
                f"support awards ending within {ENDING_SOON.days} days",
                support,
                changelist_url("partners", "support", ending="soon"),
            ),
        ],
    )


def partners_state(request) -> Panel:
    by_status = dict(Organization.objects.order_by().values_list("status").annotate(n=Count("pk")))
    figures = [
        Figure(
            f"{label.lower()} partners",
            by_status.get(value, 0),
            _org_list(status__exact=value),
        )
        for value, label in OrganizationStatus.choices
    ]
    return Panel(section=STATE, title="Partners by status", figures=figures)


def partners_by_sector(request) -> Panel:
    rows = (
        Organization.objects.active()
        .order_by()
        .values_list("sector_id", "sector__name", "sector__order")
        .annotate(n=Count("pk"))
        .order_by("sector__order", "sector__name")
    )
    return Panel(
        section=STATE,
        title="Active partners by sector",
        figures=[
            Figure(
                name,
                count,
                _org_list(status__exact=OrganizationStatus.ACTIVE, sector__id__exact=sector_id),
            )
            for sector_id, name, _order, count in rows
        ],
    )


def agreement_compliance(request) -> Panel | None:
    version = values_selectors.current_version_only()
    if version is None:
        return Panel(section=STATE, title="Shared values", note="No version is adopted yet.")
    today = timezone.localdate()
    figures = [
        Figure(
            label[0].lower() + label[1:],
            values_selectors.organizations_in_agreement_state(
                state, version=version, today=today
            ).count(),
            _org_list(agreement=state),
        )
        for state, label in values_selectors.AGREEMENT_FILTERS.items()
    ]
    return Panel(
        section=STATE,
        title=f"Shared values ({version.label}): compliance",
        figures=figures,
        links=[
            ("Compliance report and reminders", reverse("admin:partners_values_compliance")),
        ],
    )


def exports(request) -> Panel:
    return Panel(
        section=STATE,
        title="Downloads",
        links=[
            (
                "People and roles per organization (CSV)",
                reverse("admin:partners_organization_people_csv"),
            ),
            ("The directory (CSV)", reverse("admin:partners_organization_directory_csv")),
            ("Compliance report (CSV)", reverse("admin:partners_values_compliance_csv")),
        ],
    )


def register_panels() -> None:
    register(partner_tasks, order=10)
    register(partners_state, order=100)
    register(partners_by_sector, order=110)
    register(agreement_compliance, order=120)
    register(exports, order=990)
