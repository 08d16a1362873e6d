"""Several instances on one PostgreSQL and one Redis, and the faults they must survive (issue 15).

Two gunicorn instances (production settings, one worker each) on their own loopback ports share
a PostgreSQL cluster and a redis-server that these tests start themselves: the cluster is the
tests' own (one of them restarts it), filled with a copy of this worker's test database. Marked
``multi_instance``; on the PostgreSQL run only (the suite's SQLite database cannot be shared by
processes); `make test` installs Debian's redis-server when missing. About 30 s in all.
"""

import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

from scripts.with_postgres import Cluster, find_binary

pytestmark = [
    pytest.mark.multi_instance,
    # One set of instances for both tests: `make test` runs pytest-xdist with --dist loadgroup.
    pytest.mark.xdist_group("multi_instance"),
    # Only so that pytest-django creates this worker's test database, which is copied.
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Several processes share one database: the PostgreSQL run only.",
    ),
]

ROOT = Path(settings.BASE_DIR)
UNAVAILABLE = "The portal is briefly unavailable"
LOCKED = "Too many failed login attempts"
PASSWORD = "a-long-test-password-7"
#: How long the service may take to answer normally again after a backend came back.
RECOVERY_SECONDS = 10

#: Run in a child with the instances' settings: the reference data (the suite's transactional
#: tests may have emptied it), a partner with its manager, a second account, the adopted values
#: version; prints what the tests need, the profile form's current data included.
PREPARE = """
import json
import django
django.setup()
from django.apps import apps
from partners.models import Role
from partners.organizations.forms import OrganizationProfileForm
from tests.conftest import _reference_data_loaders
from tests.factories import (
    MembershipFactory, OrganizationFactory, UserFactory, adopted_version, application_form_data,
)

for load in _reference_data_loaders():
    load(apps, None)
adopted_version()
organization = OrganizationFactory(name="Two Rivers Partner", description="Before the change.")
manager = UserFactory(email="manager@tworivers.example.org", password=%(password)r)
MembershipFactory(organization=organization, user=manager, role=Role.PRIMARY_CONTACT)
UserFactory(email="target@tworivers.example.org", password=%(password)r)
form = OrganizationProfileForm(instance=organization)
profile = {}
for name, bound in form.fields.items():
    value = form[name].value()
    if isinstance(value, bool):
        if value:
            profile[name] = "on"
    elif isinstance(value, (list, tuple)):
        profile[name] = [str(getattr(v, "pk", v)) for v in value]
    elif value is not None and name != "logo":
        profile[name] = str(getattr(value, "pk", value))
application = application_form_data()
print(json.dumps({"slug": organization.slug, "profile": profile, "application": application}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Answer:
    status: int
    headers: dict
    body: str


@dataclass
class Browser:
    """A visitor behind the proxy (which sets X-Forwarded-For), keeping their own cookies."""

    address: str = "203.0.113.7"
    cookies: dict = field(default_factory=dict)

    def request(self, port: int, method: str, path: str, data=None) -> Answer:
        headers = {"X-Forwarded-For": self.address, "Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            client.request(method, path, body=body, headers=headers)
            response = client.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            client.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Answer(response.status, dict(response.headers), text)

    def get(self, port: int, path: str) -> Answer:
        return self.request(port, "GET", path)

    def post_form(self, port: int, path: str, data: dict) -> Answer:
        """Fetches the form for its CSRF token, then posts `data` with it."""
        page = self.get(port, path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        if page.status != 200:
            return page  # the form could not be shown (an outage): nothing was sent
        assert token, f"no form at {path}"
        return self.request(port, "POST", path, {**data, "csrfmiddlewaretoken": token.group(1)})


@dataclass
class Instances:
    ports: list[int]
    cluster: Cluster
    redis_port: int
    redis_dir: Path
    info: dict
    redis: subprocess.Popen | None = None

    def start_redis(self) -> None:
        self.redis = subprocess.Popen(  # noqa: S603 (Debian's redis-server, our arguments)
            [shutil.which("redis-server"), "--bind", "127.0.0.1", "--port", str(self.redis_port),
             "--save", "", "--appendonly", "no", "--dir", str(self.redis_dir)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.redis_port), timeout=1).close()
                return
            except OSError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)

    def stop_redis(self) -> None:
        self.redis.terminate()
        self.redis.wait(timeout=10)

    def query(self, sql: str, params=()) -> list[tuple]:
        with psycopg2.connect(self.cluster.url()) as db, db.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


def copy_test_database(cluster: Cluster) -> None:
    """This worker's test database (migrated) into the cluster's `cate`, in about a second."""
    source = connection.settings_dict
    db = psycopg2.connect(cluster.url("postgres"))
    db.autocommit = True
    with db.cursor() as cursor:
        cursor.execute("CREATE DATABASE cate")
    db.close()
    dump = subprocess.run(  # noqa: S603 (PostgreSQL's own programs)
        [find_binary("pg_dump"), "--no-owner", "-h", source["HOST"] or "127.0.0.1",
         "-p", str(source["PORT"]), "-U", source["USER"] or "postgres", source["NAME"]],
        check=False, capture_output=True,
    )  # fmt: skip
    assert dump.returncode == 0, (source["NAME"], dump.stderr)
    subprocess.run(  # noqa: S603
        [find_binary("psql"), "-q", "-v", "ON_ERROR_STOP=1", cluster.url()],
        input=dump.stdout, check=True, capture_output=True,
    )  # fmt: skip


@pytest.fixture(scope="module")
def instances(django_db_setup, django_db_blocker, tmp_path_factory):
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is missing: `make test` installs it (make server-deps).")
    cluster = Cluster()
    processes: list[subprocess.Popen] = []
    setup = Instances(
        ports=[free_port(), free_port()],
        cluster=cluster,
        redis_port=free_port(),
        redis_dir=tmp_path_factory.mktemp("redis"),
        info={},
    )
    try:
        cluster.start()
        with django_db_blocker.unblock():
            copy_test_database(cluster)
        setup.start_redis()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cate_portal.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": "http://127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": cluster.url(),
            "CACHE_URL": f"redis://127.0.0.1:{setup.redis_port}/0",
            "EMAIL_URL": "dummymail://",
            "PYTHONPATH": str(ROOT),
        }
        prepared = subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
            [sys.executable, "-c", PREPARE % {"password": PASSWORD}],
            cwd=ROOT, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert prepared.returncode == 0, prepared.stderr
        setup.info = json.loads(prepared.stdout)
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        for port in setup.ports:
            processes.append(
                subprocess.Popen(  # noqa: S603 (the project's gunicorn, our arguments)
                    [gunicorn, "-c", "gunicorn.conf.py", "--workers", "1",
                     "--bind", f"127.0.0.1:{port}", "cate_portal.wsgi"],
                    cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                )
            )  # fmt: skip
        deadline = time.monotonic() + 120  # generous: CI machines can be slow to boot
        for port in setup.ports:
            while True:
                try:
                    if Browser().get(port, "/healthz").status == 200:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.1)
        yield setup
    finally:
        for process in processes:
            process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        for process in processes:
            process.wait(timeout=10)
        if setup.redis is not None and setup.redis.poll() is None:
            setup.stop_redis()
        cluster.remove()


def sign_in(browser: Browser, port: int, email: str, password: str) -> Answer:
    return browser.post_form(port, "/accounts/login/", {"login": email, "password": password})


def test_two_instances_share_sessions_data_and_rate_limits(instances):
    first, second = instances.ports
    slug = instances.info["slug"]

    # A session made on one instance works on the other.
    partner = Browser()
    assert sign_in(partner, first, "manager@tworivers.example.org", PASSWORD).status == 302
    dashboard = partner.get(second, "/portal/")
    assert dashboard.status == 200 and "Two Rivers Partner" in dashboard.body

    # A profile change through one shows through the other at once (its page was cached).
    profile_url = f"/partners/{slug}/"
    assert "Before the change." in Browser().get(second, profile_url).body
    assert "Before the change." in Browser().get(second, profile_url).body
    changed = {**instances.info["profile"], "description": "After the change."}
    saved = partner.post_form(first, f"/portal/{slug}/profile/", changed)
    assert saved.status == 302, saved.body
    assert "After the change." in Browser().get(second, profile_url).body

    # Five wrong passwords spread over both instances lock the account on both.
    target = "target@tworivers.example.org"
    for port in (first, second, first, second, first):
        attempt = sign_in(Browser(), port, target, "wrong password")
        assert attempt.status == 200 and LOCKED not in attempt.body
    for port in (second, first):
        locked = sign_in(Browser(), port, target, PASSWORD)
        assert locked.status == 200 and LOCKED in locked.body


@dataclass
class Record:
    kind: str  # "read" (a page that needs PostgreSQL) or "apply"
    status: int
    clean: bool
    at: float
    name: str = ""


def test_restarting_postgresql_then_redis_under_load(instances):
    """Bounded load on both instances (pages that need the database, and applications) while
    PostgreSQL restarts, then Redis, each kept down until a request met the outage: only clean
    200/302/503 answers, recovery by itself, and every application answered with success
    stored exactly once."""
    ports = instances.ports
    application = instances.info["application"]
    stop = threading.Event()
    records: list[Record] = []
    lock = threading.Lock()
    counter = iter(range(1_000_000))

    def record(kind: str, answer: Answer | None, name: str = "") -> None:
        if answer is None:  # the connection itself failed
            item = Record(kind, 0, False, time.monotonic(), name)
        else:
            clean = "Traceback" not in answer.body and (
                answer.status != 503 or UNAVAILABLE in answer.body
            )
            item = Record(kind, answer.status, clean, time.monotonic(), name)
        with lock:
            records.append(item)

    def reader(port: int) -> None:
        browser = Browser()
        while not stop.is_set():
            # A new query string each time: rendered, so PostgreSQL is reached.
            path = f"/partners/?q=fault-{next(counter)}"
            try:
                record("read", browser.get(port, path))
            except OSError:
                record("read", None)

    def applicant() -> None:
        while not stop.is_set():
            number = next(counter)
            name = f"Fault Partner {number}"
            # Each from its own address (as the proxy reports it): no rate limit is reached.
            browser = Browser(address=f"10.7.{number // 250 % 250}.{number % 250 + 1}")
            data = {
                **application,
                "organization_name": name,
                "contact_email": f"contact{number}@fault.example.org",
                "executive_email": f"leader{number}@fault.example.org",
            }
            try:
                record("apply", browser.post_form(ports[number % 2], "/apply/", data), name)
            except OSError:
                record("apply", None, name)

    def recovered_since(moment: float) -> bool:
        with lock:
            later = [r for r in records if r.at > moment]
        return any(r.status in (200, 302) for r in later if r.kind == "read") and any(
            r.status == 302 for r in later if r.kind == "apply"
        )

    def wait_for_recovery(moment: float) -> float:
        deadline = moment + RECOVERY_SECONDS
        while not recovered_since(moment):
            with lock:
                since = Counter((r.kind, r.status) for r in records if r.at > moment)
            assert time.monotonic() < deadline, f"the service did not recover by itself: {since}"
            time.sleep(0.05)
        return time.monotonic() - moment

    threads = [threading.Thread(target=reader, args=(port,)) for port in ports]
    threads.append(threading.Thread(target=applicant))
    for thread in threads:
        thread.start()

    def wait_for_outage(moment: float, kind: str) -> None:
        """Keeps the backend down until a request of `kind` has met the outage (bounded)."""
        deadline = moment + RECOVERY_SECONDS
        while True:
            with lock:
                if any(r.at > moment and r.kind == kind and r.status == 503 for r in records):
                    return
            assert time.monotonic() < deadline, f"no {kind} request met the outage"
            time.sleep(0.05)

    try:
        time.sleep(1)
        instances.cluster.stop_server()
        wait_for_outage(time.monotonic(), "read")
        instances.cluster.start_server()
        wait_for_recovery(time.monotonic())
        instances.stop_redis()
        # Pages need no Redis (they are rendered without the cache); applications do.
        wait_for_outage(time.monotonic(), "apply")
        instances.start_redis()
        wait_for_recovery(time.monotonic())
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)

    answers = records
    reads = {r.status for r in answers if r.kind == "read"}
    applications = {r.status for r in answers if r.kind == "apply"}
    # An application is stored (302 to the confirmation) or refused for the outage (503);
    # never a 500, a dropped connection or a form sent back.
    assert reads <= {200, 503} and applications <= {302, 503}, (reads, applications)
    assert all(r.clean for r in answers), "a 503 without the clean page, or a traceback"
    succeeded = [r.name for r in answers if r.kind == "apply" and r.status == 302]
    stored = dict(
        instances.query(
            "SELECT organization_name, count(*) FROM partners_application "
            "WHERE organization_name LIKE 'Fault Partner %%' GROUP BY organization_name"
        )
    )
    assert succeeded, "no application went through"
    assert all(stored.get(name) == 1 for name in succeeded), "an application lost or doubled"
    assert all(count == 1 for count in stored.values()), "an application stored twice"
