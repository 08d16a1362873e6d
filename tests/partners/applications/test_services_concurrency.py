"""Approving at the same moment twice (double click, two tabs, two directors) creates exactly
one organization. Proved with real concurrency: threads with their own PostgreSQL connections.

    python scripts/with_postgres.py -- pytest tests/partners/test_applications_concurrency.py
"""

import threading

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from partners.applications import services
from partners.models import (
    Agreement,
    Application,
    ApplicationStatus,
    ApplicationTransition,
    Invitation,
    Organization,
)
from tests.conftest import sign_in_with_second_factor
from tests.factories import ApplicationFactory, UserFactory, adopted_version

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Needs PostgreSQL: SQLite serializes every writer, so nothing runs concurrently.",
    ),
]

THREADS = 4


def run_together(target, count: int) -> list:
    """Runs `target(i)` in `count` threads released at the same instant; returns the results."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def worker(i):
        try:
            barrier.wait(timeout=10)
            results[i] = target(i)
        except Exception as error:  # the test inspects what happened
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def staff_user(n: int):
    user = UserFactory(email=f"director{n}@cate.example.org", is_staff=True, is_superuser=True)
    TOTP.activate(user, generate_totp_secret())
    return user


def assert_exactly_one_approval(application: Application) -> None:
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert Organization.objects.filter(name__iexact=application.organization_name).count() == 1
    assert Organization.objects.count() == 1
    assert (
        ApplicationTransition.objects.filter(
            application=application, to_status=ApplicationStatus.APPROVED
        ).count()
        == 1
    )
    assert Invitation.objects.count() == 2
    assert Agreement.objects.count() == 1


def test_concurrent_approvals_by_service_create_one_organization():
    application = ApplicationFactory(values_version=adopted_version())
    directors = [staff_user(n) for n in range(THREADS)]

    def approve(i):
        return services.approve_application(
            application=Application.objects.get(pk=application.pk), acting_user=directors[i]
        )

    results = run_together(approve, THREADS)
    approved = [r for r in results if isinstance(r, Application)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(approved) == 1, results
    assert len(refused) == THREADS - 1, results
    assert_exactly_one_approval(application)


def test_concurrent_approve_requests_from_two_directors_create_one_organization():
    application = ApplicationFactory(values_version=adopted_version())
    url = reverse("admin:partners_application_approve", args=[application.pk])
    clients = []
    for n in range(THREADS):
        client = Client()
        sign_in_with_second_factor(client, staff_user(n))
        clients.append(client)

    results = run_together(lambda i: clients[i].post(url, {"note": f"click {i}"}), THREADS)
    assert all(getattr(r, "status_code", None) == 302 for r in results), results
    assert_exactly_one_approval(application)
