"""How django-allauth behaves for the CATE portal."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # No open sign-up: accounts come from invitations or from the director in admin.
        return False
