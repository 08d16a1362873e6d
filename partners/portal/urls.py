from django.urls import path

from partners.people import views

app_name = "portal"

urlpatterns = [
    path("portal/", views.DashboardView.as_view(), name="dashboard"),
    path("portal/<slug:slug>/profile/", views.ProfileUpdateView.as_view(), name="profile"),
    path(
        "portal/<slug:slug>/profile/confirm/",
        views.ConfirmProfileView.as_view(),
        name="confirm-profile",
    ),
    path("portal/<slug:slug>/people/", views.PeopleView.as_view(), name="people"),
    path(
        "portal/<slug:slug>/people/<int:pk>/role/",
        views.ChangeRoleView.as_view(),
        name="change-role",
    ),
    path(
        "portal/<slug:slug>/people/<int:pk>/end/",
        views.EndMembershipView.as_view(),
        name="end-membership",
    ),
    path(
        "portal/<slug:slug>/invitations/<int:pk>/resend/",
        views.ResendInvitationView.as_view(),
        name="resend-invitation",
    ),
    path(
        "portal/<slug:slug>/invitations/<int:pk>/revoke/",
        views.RevokeInvitationView.as_view(),
        name="revoke-invitation",
    ),
    path(
        "invitations/<str:token>/", views.AcceptInvitationView.as_view(), name="accept-invitation"
    ),
]
