"""The portal pages of an organization's people: the list, invitations, roles, and the
invitation link a new person follows.

Every page under /portal/<slug>/ resolves the organization among the user's current memberships
(partners.permissions), so another organization's pages are a plain 404.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView

from cate_portal.forms import add_refusal_to_form
from cate_portal.page_cache import cache_private_page
from partners.models import Invitation, Membership, Role
from partners.models.people import MANAGER_ROLES
from partners.people import services
from partners.people.forms import AcceptInvitationForm, InvitationForm, RoleForm
from partners.permissions import (
    OrganizationMemberRequiredMixin,
    can_manage,
)
from partners.signals import membership_ending_consequences
from partners.views import OrganizationActionView, error_text

ALLAUTH_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


@method_decorator(cache_private_page, name="dispatch")
class PeopleView(OrganizationMemberRequiredMixin, FormView):
    """Everyone may read the people of their organization; only managers change anything."""

    template_name = "portal/people.html"
    form_class = InvitationForm

    def post(self, request, *args, **kwargs):
        if not can_manage(self.membership):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.invite_person(
                organization=self.organization,
                acting_user=self.request.user,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            add_refusal_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"An invitation was sent to {form.cleaned_data['email']}.")
        return redirect("portal:people", slug=self.organization.slug)

    def get_context_data(self, **kwargs):
        people = Membership.objects.filter(organization=self.organization).select_related("user")
        current = people.filter(ended_on__isnull=True).order_by("role", "user__full_name", "pk")
        former = people.filter(ended_on__isnull=False).order_by("-ended_on", "pk")
        former = list(former)
        # Endings of today may be undone by a primary contact (the service's rule).
        restorable = services.restorable_ids(
            organization=self.organization, user=self.request.user, memberships=former
        )
        for member in former:
            member.may_restore = member.pk in restorable
        context = {
            "current_members": current,
            "former_members": former,
            "roles": Role.choices,
            # The delegate page is the executive leader's (leadership decides; this only
            # offers the link, which that page checks again).
            "leads": self.membership.role == Role.EXECUTIVE_LEADER and self.organization.is_active,
        }
        if can_manage(self.membership):
            context["invitations"] = (
                Invitation.objects.filter(
                    organization=self.organization,
                    accepted_at__isnull=True,
                    revoked_at__isnull=True,
                )
                .select_related("invited_by")
                .order_by("-sent_at")
            )
        return super().get_context_data(**context, **kwargs)


class InvitationActionView(OrganizationActionView):
    def get_invitation(self) -> Invitation:
        return get_object_or_404(
            Invitation.objects.select_related("organization"),
            pk=self.kwargs["pk"],
            organization=self.organization,
        )


class ResendInvitationView(InvitationActionView):
    def perform(self) -> None:
        invitation = services.resend_invitation(
            invitation=self.get_invitation(), acting_user=self.request.user
        )
        self.success_message = f"The invitation to {invitation.email} was sent again."


class RevokeInvitationView(InvitationActionView):
    def perform(self) -> None:
        invitation = services.revoke_invitation(
            invitation=self.get_invitation(), acting_user=self.request.user
        )
        self.success_message = f"The invitation to {invitation.email} was revoked."


class MembershipActionView(OrganizationActionView):
    def get_membership(self) -> Membership:
        return get_object_or_404(
            Membership.objects.current().select_related("organization", "user"),
            pk=self.kwargs["pk"],
            organization=self.organization,
        )


class ChangeRoleView(MembershipActionView):
    def perform(self) -> None:
        membership = self.get_membership()
        form = RoleForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError("Choose one of the roles.")
        membership = services.change_role(
            membership=membership, role=form.cleaned_data["role"], acting_user=self.request.user
        )
        self.success_message = (
            f"{membership.user.get_full_name()} is now {membership.get_role_display().lower()}."
        )


class EndMembershipView(MembershipActionView):
    """GET: a page that says who, which organization and what they lose, and asks to confirm;
    POST: ends the membership (partners.people.services.end_membership)."""

    http_method_names = ["get", "post"]

    def get(self, request, *args, **kwargs):
        membership = self.get_membership()
        lost = [
            _("Reaching the pages of %(organization)s in the partner portal (their account stays).")
            % {"organization": membership.organization.name}
        ]
        if membership.role in MANAGER_ROLES:
            lost.append(
                _(
                    "Editing the profile of %(organization)s, inviting and managing its people, "
                    "and signing the shared values for it."
                )
                % {"organization": membership.organization.name}
            )
        lost += membership_ending_consequences(membership)
        return render(
            request,
            "portal/membership_end_confirm.html",
            {
                "organization": self.organization,
                "member": membership,
                "lost": lost,
                "is_self": membership.user_id == request.user.pk,
            },
        )

    def perform(self) -> None:
        membership = services.end_membership(
            membership=self.get_membership(), acting_user=self.request.user
        )
        self.success_message = _(
            "%(name)s is no longer a member of %(organization)s (ended on %(day)s). A primary "
            "contact can undo this under Former members until the end of the day."
        ) % {
            "name": membership.user.get_full_name(),
            "organization": membership.organization.name,
            "day": date_format(membership.ended_on),
        }


class RestoreMembershipView(OrganizationMemberRequiredMixin, View):
    """POST: undoes, the same day, the end of a membership (services.restore_membership, which
    decides who may: a primary contact)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        membership = get_object_or_404(
            Membership.objects.filter(ended_on__isnull=False).select_related(
                "organization", "user"
            ),
            pk=kwargs["pk"],
            organization=self.organization,
        )
        try:
            services.restore_membership(membership=membership, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request,
                _("%(name)s is a member again, as %(role)s.")
                % {
                    "name": membership.user.get_full_name(),
                    "role": membership.get_role_display().lower(),
                },
            )
        return redirect("portal:people", slug=self.organization.slug)


UNUSABLE_STATUS = {"invalid": 404}


@method_decorator(never_cache, name="dispatch")
class AcceptInvitationView(View):
    """The link from the invitation e-mail. Public: a new person has no account yet."""

    def dispatch(self, request, *args, **kwargs):
        self.token = kwargs["token"]
        self.invitation = services.find_invitation(self.token)
        try:
            services.check_invitation_usable(self.invitation)
        except services.InvitationError as error:
            return self.unusable(error)
        self.account = services.existing_account_for(self.invitation.email)
        user = request.user
        if self.account is not None and not user.is_authenticated:
            return self.render("portal/invitation_sign_in.html")
        if user.is_authenticated and (self.account is None or user.pk != self.account.pk):
            return self.render("portal/invitation_wrong_user.html", status=403)
        return super().dispatch(request, *args, **kwargs)

    def render(self, template: str, status: int = 200, **context):
        return render(
            self.request,
            template,
            {
                "invitation": self.invitation,
                "organization_name": self.invitation.organization.name,
                **context,
            },
            status=status,
        )

    def unusable(self, error: services.InvitationError):
        return render(
            self.request,
            "portal/invitation_unusable.html",
            {"reason": error.code, "message": error_text(error)},
            status=UNUSABLE_STATUS.get(error.code, 410),
        )

    def get_form(self):
        # The name the inviter typed, if any, is offered; after an error the form is bound
        # and shows what the person typed instead.
        return AcceptInvitationForm(
            self.request.POST or None,
            email=self.invitation.email,
            initial={"full_name": self.invitation.full_name},
        )

    def get(self, request, *args, **kwargs):
        if self.account is not None:
            return self.render("portal/invitation_accept.html")
        return self.render("portal/invitation_accept.html", form=self.get_form())

    def post(self, request, *args, **kwargs):
        if self.account is not None:
            return self.accept(user=request.user)
        form = self.get_form()
        if not form.is_valid():
            return self.render("portal/invitation_accept.html", form=form)
        return self.accept(
            form=form,
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password1"],
        )

    def accept(self, form=None, **kwargs):
        try:
            membership = services.accept_invitation(token=self.token, **kwargs)
        except services.InvitationError as error:
            return self.unusable(error)
        except ValidationError as error:
            form = form or self.get_form()
            form.add_error(None, error_text(error))
            return self.render("portal/invitation_accept.html", form=form)
        if not self.request.user.is_authenticated:
            login(self.request, membership.user, backend=ALLAUTH_BACKEND)
        messages.success(
            self.request,
            f"Welcome: you are now {membership.get_role_display().lower()} of "
            f"{membership.organization.name}.",
        )
        return redirect("portal:dashboard")
