"""Pages of decisions: the proposals and their votes, naming a voting delegate (the roster is
leadership/seats/views.py's)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.generic import TemplateView

from cate_portal.forms import add_refusal_to_form
from cate_portal.page_cache import cache_private_page, page_changes_at
from cate_portal.private_files import serve_private_file
from leadership.decisions import services
from leadership.decisions.forms import DelegateForm, VoteForm
from leadership.decisions.selectors import applicant_profile, organization_votes
from leadership.models import Proposal, ProposalDocument, Vote
from leadership.permissions import (
    led_organizations,
    may_name_delegate,
    may_see_decisions,
    may_see_live_counts,
    voting_organizations,
)
from partners.permissions import get_membership_or_404
from partners.visibility import viewer_for_request

DECISIONS_FOR_PARTNERS_MESSAGE = (
    "Decisions are for the Collaborative Partners and the Coalition Director."
)


class DecisionsAccessMixin(LoginRequiredMixin):
    """Signed-in partners and the director; anyone else signed in gets 403."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not may_see_decisions(viewer_for_request(request)):
            raise PermissionDenied(DECISIONS_FOR_PARTNERS_MESSAGE)
        return super().dispatch(request, *args, **kwargs)


class ProposalDocumentView(DecisionsAccessMixin, View):
    """A proposal's document (a PDF), for whoever may see the decisions: an attachment with
    nosniff and no caching (cate_portal.private_files.serve_private_file)."""

    def get(self, request, pk: int, document_pk: int):
        document = get_object_or_404(ProposalDocument, pk=document_pk, proposal_id=pk)
        return serve_private_file(document.file, title=document.title)


class ProposalListView(DecisionsAccessMixin, TemplateView):
    template_name = "leadership/proposal_list.html"

    def get_context_data(self, **kwargs):
        services.settle_closed_proposals()
        now = timezone.now()
        voters_for = list(voting_organizations(self.request.user))
        open_proposals = list(Proposal.objects.open(now).order_by("closes_at"))
        voted = (
            set(
                Vote.objects.filter(
                    proposal__in=open_proposals, organization__in=voters_for
                ).values_list("proposal_id", flat=True)
            )
            if voters_for
            else set()
        )
        for proposal in open_proposals:
            proposal.voted = proposal.pk in voted
        closed_page = Paginator(Proposal.objects.closed(now).order_by("-closes_at"), 20).get_page(
            self.request.GET.get("page")
        )
        for proposal in closed_page:
            proposal.result = services.result_for(proposal)
        return super().get_context_data(
            open_proposals=open_proposals,
            upcoming_proposals=Proposal.objects.upcoming(now).order_by("opens_at"),
            closed_page=closed_page,
            page_obj=closed_page,
            paginator=closed_page.paginator,
            is_paginated=closed_page.has_other_pages(),
            may_vote=bool(voters_for),
            led_organizations=led_organizations(self.request.user).order_by("name"),
            **kwargs,
        )


@method_decorator(cache_private_page, name="dispatch")
class ProposalDetailView(DecisionsAccessMixin, TemplateView):
    template_name = "leadership/proposal_detail.html"

    def get_proposal(self) -> Proposal:
        proposal = get_object_or_404(
            Proposal.objects.select_related("created_by"), pk=self.kwargs["pk"]
        )
        if proposal.is_closed():
            proposal = services.settle_proposal(proposal=proposal)
        return proposal

    def ballots(self, proposal, bound=None):
        """One ballot per organization the user votes for: its current vote and a form."""
        organizations = list(voting_organizations(self.request.user))
        votes = {
            vote.organization_id: vote
            for vote in Vote.objects.filter(
                proposal=proposal, organization__in=organizations
            ).select_related("cast_by")
        }
        ballots = []
        for organization in organizations:
            vote = votes.get(organization.pk)
            if bound is not None and bound[0] == organization.pk:
                form = bound[1]
            else:
                initial = {"choice": vote.choice, "comment": vote.comment} if vote else None
                form = VoteForm(proposal=proposal, initial=initial, prefix=f"org{organization.pk}")
            ballots.append({"organization": organization, "vote": vote, "form": form})
        return ballots

    def get_context_data(self, bound=None, **kwargs):
        proposal = self.get_proposal()
        status = proposal.status()
        staff = may_see_live_counts(viewer_for_request(self.request))
        # The page changes by itself when the ballots open, then when they close.
        page_changes_at(
            self.request, {"upcoming": proposal.opens_at, "open": proposal.closes_at}.get(status)
        )
        ballots = self.ballots(proposal, bound) if status == "open" else []
        by_organization = {ballot["organization"].pk: ballot for ballot in ballots}
        context = {
            "proposal": proposal,
            "applicant": applicant_profile(proposal),
            "documents": list(proposal.documents.all()),
            "status": status,
            # Every member learns who votes for each of their organizations and whether it
            # has; those who may cast the vote get their ballot with it.
            "organization_votes": [
                {"line": line, "ballot": by_organization.get(line.organization.pk)}
                for line in organization_votes(self.request.user, proposal)
            ],
            "result": services.result_for(proposal) if status == "closed" or staff else None,
            "is_director": staff,
            "non_voters": list(services.non_voting_organizations(proposal))
            if staff and status != "closed"
            else [],
        }
        return super().get_context_data(**context, **kwargs)


class VoteView(ProposalDetailView):
    """POST only: casts or changes the vote of one of the user's organizations."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        proposal = get_object_or_404(Proposal, pk=kwargs["pk"])
        organization = get_membership_or_404(request.user, kwargs["slug"]).organization
        form = VoteForm(request.POST, proposal=proposal, prefix=f"org{organization.pk}")
        if form.is_valid():
            try:
                services.cast_vote(
                    proposal=proposal,
                    organization=organization,
                    acting_user=request.user,
                    choice=form.cleaned_data["choice"],
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                if not hasattr(error, "error_dict"):
                    messages.error(request, " ".join(error.messages))
                    return redirect(proposal)
                add_refusal_to_form(form, error)
            else:
                messages.success(request, f"The vote of {organization} was recorded.")
                return redirect(proposal)
        if not proposal.is_open():
            # Closed or not yet open: say so clearly rather than showing a form that cannot work.
            try:
                services.check_open_for_votes(proposal)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            return redirect(proposal)
        return self.render_to_response(
            self.get_context_data(bound=(organization.pk, form)), status=400
        )


class DelegateView(LoginRequiredMixin, TemplateView):
    """The executive leader names (or clears) the organization's voting delegate."""

    template_name = "leadership/delegation_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.organization = get_membership_or_404(request.user, kwargs["slug"]).organization
        if not may_name_delegate(
            request.user, self.organization, staff=viewer_for_request(request).is_staff
        ):
            raise PermissionDenied("Only the executive leader names the voting delegate.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        delegation = services.current_delegate(self.organization)
        if form is None:
            form = DelegateForm(
                organization=self.organization,
                initial={"user": delegation.user_id if delegation else None},
            )
        return super().get_context_data(
            organization=self.organization, delegation=delegation, form=form, **kwargs
        )

    def post(self, request, *args, **kwargs):
        form = DelegateForm(request.POST, organization=self.organization)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        user = form.cleaned_data["user"]
        try:
            if user is None:
                services.end_delegation(organization=self.organization, acting_user=request.user)
                messages.success(request, f"{self.organization} has no voting delegate now.")
            else:
                services.name_delegate(
                    organization=self.organization, user=user, acting_user=request.user
                )
                messages.success(request, f"{user} now casts the vote of {self.organization}.")
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        return redirect("leadership:delegate", slug=self.organization.slug)
