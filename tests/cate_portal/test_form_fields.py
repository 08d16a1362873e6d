"""Ids too large for any database column are an invalid choice, never a 500."""

import pytest
from django.urls import reverse

from cate_portal.form_fields import SafeModelChoiceField, SafeModelMultipleChoiceField
from cate_portal.models import Area
from partners.organizations.forms import OrganizationProfileForm

HUGE = str(2**63)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", [HUGE, "-1", "0", "1e9", "x"])
def test_single_choice_refuses_ids_out_of_range(value):
    field = SafeModelChoiceField(queryset=Area.objects.all())
    with pytest.raises(Exception) as raised:
        field.clean(value)
    assert raised.typename == "ValidationError"


def test_multiple_choice_refuses_a_huge_id_but_takes_real_ones():
    field = SafeModelMultipleChoiceField(queryset=Area.objects.all())
    boone = Area.objects.get(name="Boone County")
    assert list(field.clean([str(boone.pk)])) == [boone]
    with pytest.raises(Exception) as raised:
        field.clean([str(boone.pk), HUGE])
    assert raised.typename == "ValidationError"


def test_profile_form_uses_the_safe_fields():
    form = OrganizationProfileForm()
    for name in ("sector", "counties", "services", "populations"):
        assert isinstance(form.fields[name], SafeModelChoiceField | SafeModelMultipleChoiceField), (
            name
        )


def test_profile_page_answers_a_huge_county_id_with_a_form_error(
    client, organization, primary_contact
):
    client.force_login(primary_contact)
    url = reverse("portal:profile", kwargs={"slug": organization.slug})
    response = client.post(url, {"counties": [HUGE], "sector": organization.sector_id})
    assert response.status_code == 200
    assert "counties" in response.context["form"].errors
