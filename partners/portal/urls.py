"""The partner portal's URLs, under one namespace ("portal") whatever topic serves them."""

from django.urls import path

from partners.organizations import views as organization_views
from partners.people import views as people_views
from partners.portal import views

app_name = "portal"

urlpatterns = [
    path("portal/", views.DashboardView.as_view(), name="dashboard"),
    path(
        "portal/<slug:slug>/profile/",
        organization_views.ProfileUpdateView.as_view(),
        name="profile",
    ),
    path(
        "portal/<slug:slug>/profile/confirm/",
        organization_views.ConfirmProfileView.as_view(),
        name="confirm-profile",
    ),
    path("portal/<slug:slug>/people/", people_views.PeopleView.as_view(), name="people"),
    path(
        "portal/<slug:slug>/people/<int:pk>/role/",
        people_views.ChangeRoleView.as_view(),
        name="change-role",
    ),
    path(
        "portal/<slug:slug>/people/<int:pk>/end/",
        people_views.EndMembershipView.as_view(),
        name="end-membership",
    ),
    path(
        "portal/<slug:slug>/people/<int:pk>/restore/",
        people_views.RestoreMembershipView.as_view(),
        name="restore-membership",
    ),
    path(
        "portal/<slug:slug>/invitations/<int:pk>/resend/",
        people_views.ResendInvitationView.as_view(),
        name="resend-invitation",
    ),
    path(
        "portal/<slug:slug>/invitations/<int:pk>/revoke/",
        people_views.RevokeInvitationView.as_view(),
        name="revoke-invitation",
    ),
    path(
        "invitations/<str:token>/",
        people_views.AcceptInvitationView.as_view(),
        name="accept-invitation",
    ),
]
