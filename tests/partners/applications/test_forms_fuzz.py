"""Property-based fuzzing of /apply/: whatever is sent, the answer is the form with errors or a
redirect, never a server error, and nothing is half-written."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partners.models import Application, ApplicationTransition, Organization
from tests.factories import application_form_data

pytestmark = pytest.mark.django_db

TEXT_FIELDS = [
    "organization_name",
    "website",
    "description",
    "public_email",
    "public_phone",
    "contact_name",
    "contact_title",
    "contact_email",
    "contact_phone",
    "executive_name",
    "executive_title",
    "executive_email",
    "priority_how",
    "sharing_how",
    "sector",
    "values_version",
]
CHOICE_FIELDS = ["counties", "services", "populations"]
BOOLEAN_FIELDS = [
    "statewide",
    "serves_sex_trafficking",
    "serves_labor_trafficking",
    "commits_priority",
    "commits_values",
    "commits_sharing",
    "privacy_consent",
]
PAYLOADS = [
    "<script>alert(1)</script>",
    "'; DROP TABLE partners_application; --",
    '" OR 1=1 --',
    "<img src=x onerror=alert(1)>",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "\x00",
    "../../etc/passwd",
    "\U0001d56e\U0001d586 \U0001f9ed \u202e",  # astral letters, an emoji, RTL override
    "9" * 40,
    "9223372036854775808",  # one past the largest primary key
    "-1",
    "",
]
# Any text the test client can send (lone surrogates cannot be encoded in a request).
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
values = st.one_of(
    any_text,
    st.sampled_from(PAYLOADS),
    # Very long input, past every field's limit.
    st.builds(lambda s, n: (s or "x") * n, any_text, st.integers(300, 3000)).map(
        lambda s: s[:20000]
    ),
)
bad_files = st.one_of(
    st.binary(max_size=2000),
    st.sampled_from(
        [
            b"%PDF-1.7\n<script>\n",
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
            b"%PDF-1.4\n1 0 obj\nendobj\n%%EOF",
        ]
    ),
)


def counts():
    return (
        Application.objects.count(),
        ApplicationTransition.objects.count(),
        Organization.objects.count(),
    )


FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(
    changes=st.dictionaries(st.sampled_from(TEXT_FIELDS), values, min_size=1, max_size=6),
    lists=st.dictionaries(st.sampled_from(CHOICE_FIELDS), st.lists(values, max_size=3), max_size=2),
    unticked=st.lists(st.sampled_from(BOOLEAN_FIELDS), max_size=3, unique=True),
    document=st.one_of(st.none(), bad_files),
)
def test_any_input_gives_the_form_with_errors_or_a_redirect(
    client, changes, lists, unticked, document
):
    cache.clear()  # each example starts below the rate limit
    before = counts()
    data = application_form_data(**changes, **lists)
    for name in unticked:
        data.pop(name, None)
    if document is not None:
        data["supporting_document"] = SimpleUploadedFile("doc.pdf", document)
    response = client.post("/apply/", data)
    assert response.status_code in (200, 302)
    after = counts()
    if response.status_code == 302:
        assert after[0] == before[0] + 1 and after[1] == before[1] + 1
    else:
        assert after == before, "an invalid application wrote something"
        html = response.content.decode()
        assert 'id="error-summary"' in html
        assert "<script>alert(1)</script>" not in html  # everything is escaped
    assert after[2] == before[2]  # sending never creates an organization


@FUZZ
@given(token=any_text)
def test_any_status_token_gives_404_or_the_page(client, token):
    response = client.get("/apply/status/" + token.replace("/", "") + "/")
    assert response.status_code in (200, 301, 404)
