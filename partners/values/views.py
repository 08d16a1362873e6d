"""The shared values pages: the current version, earlier versions, and signing them."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from cate_portal.forms import add_refusal_to_form
from cate_portal.http import client_ip
from cate_portal.page_cache import cache_public_page
from partners.models import Membership, Organization, ValuesVersion
from partners.permissions import can_manage
from partners.values import selectors as values_selectors
from partners.values import services as values_services
from partners.values.forms import SignAgreementForm


@method_decorator(cache_public_page, name="dispatch")
class ValuesVersionView(TemplateView):
    """/values/ shows the current version; /values/<slug>/ an adopted or retired one."""

    template_name = "values/valuesversion_detail.html"

    def get_version(self) -> ValuesVersion | None:
        slug = self.kwargs.get("slug")
        if slug is None:
            return values_selectors.current_version()
        # Drafts are not published: the same 404 as a slug that does not exist.
        version = ValuesVersion.objects.published().with_values().filter(slug=slug).first()
        if version is None:
            raise Http404
        return version

    def get_context_data(self, **kwargs):
        version = self.get_version()
        versions = ValuesVersion.objects.published().only(
            "label", "slug", "status", "adopted_on", "retired_on"
        )
        return super().get_context_data(version=version, versions=versions, **kwargs)


class AgreementView(LoginRequiredMixin, TemplateView):
    """/portal/agreement/: the text, each of the user's organizations' status, and signing.

    Only the user's own current organizations appear; only their primary contact or executive
    leader gets the form, and only while the organization is active and has not signed.
    """

    template_name = "values/agreement.html"

    def setup_state(self) -> None:
        self.version = values_selectors.current_version()
        self.memberships = list(
            Membership.objects.current()
            .filter(user=self.request.user)
            .select_related("organization")
            .order_by("organization__name", "pk")
        )
        organizations = [m.organization for m in self.memberships]
        self.statuses = values_selectors.agreement_statuses(organizations, version=self.version)
        self.signable_pks = [
            m.organization_id
            for m in self.memberships
            if can_manage(m) and self.statuses[m.organization_id].must_sign
        ]

    def make_form(self, organization: Organization, data=None) -> SignAgreementForm:
        return SignAgreementForm(
            data,
            organizations=Organization.objects.filter(pk__in=self.signable_pks),
            initial={
                "organization": organization.pk,
                "version": self.version.pk if self.version else None,
                "signer_name": self.request.user.get_full_name(),
            },
            auto_id=f"id_org{organization.pk}_%s",
        )

    def get(self, request, *args, **kwargs):
        self.setup_state()
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        self.setup_state()
        if not self.signable_pks:
            raise PermissionDenied
        posted = request.POST.get("organization", "")
        target = next(
            (m.organization for m in self.memberships if str(m.organization_id) == posted),
            None,
        )
        form = SignAgreementForm(
            request.POST,
            organizations=Organization.objects.filter(pk__in=self.signable_pks),
            auto_id=f"id_org{target.pk if target else 0}_%s",
        )
        if form.is_valid():
            organization = form.cleaned_data["organization"]
            try:
                values_services.sign_agreement(
                    organization=organization,
                    acting_user=request.user,
                    signer_name=form.cleaned_data["signer_name"],
                    signer_title=form.cleaned_data["signer_title"],
                    attested=form.cleaned_data["attested"],
                    ip_address=client_ip(request),
                    version=form.cleaned_data["version"],
                )
            except (ValidationError, PermissionDenied) as error:
                add_refusal_to_form(form, error)
            else:
                messages.success(
                    request,
                    f"Thank you: {organization.name} signed the shared values "
                    f"({form.cleaned_data['version'].label}).",
                )
                return redirect("values:agreement")
        bound = {target.pk: form} if target is not None and target.pk in self.signable_pks else {}
        if not bound:
            messages.error(request, "Nothing was signed: you cannot sign for this organization.")
        return self.render_to_response(self.get_context_data(bound_forms=bound), status=200)

    def get_context_data(self, bound_forms=None, **kwargs):
        bound_forms = bound_forms or {}
        entries = []
        for membership in self.memberships:
            organization = membership.organization
            form = None
            if organization.pk in self.signable_pks:
                form = bound_forms.get(organization.pk) or self.make_form(organization)
            entries.append(
                {
                    "membership": membership,
                    "organization": organization,
                    "status": self.statuses[organization.pk],
                    "form": form,
                }
            )
        return super().get_context_data(version=self.version, entries=entries, **kwargs)
