"""How django-allauth behaves for the CATE portal."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from cate_portal.actors import is_staff


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # No open sign-up: accounts come from invitations or from the director in admin.
        return False

    def get_login_redirect_url(self, request) -> str:
        """Coalition staff land on the admin home (the director's dashboard), partners on the
        partner dashboard (LOGIN_REDIRECT_URL). A ?next= given at sign-in still wins."""
        if is_staff(getattr(request, "user", None)):
            return reverse("admin:index")
        return super().get_login_redirect_url(request)
