"""Tightening of allauth's two-factor forms."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.forms import ActivateTOTPForm
from allauth.mfa.totp.internal.auth import TOTP


class SingleUseActivateTOTPForm(ActivateTOTPForm):
    """The code that turns TOTP on is spent, as every sign-in code is.

    allauth checks the activation code without recording it, so the same code would open the
    account once more within its time window. Recording it uses allauth's own used-code marker
    (keyed by user and code), which the sign-in step then refuses.
    """

    def clean_code(self) -> str:
        code = super().clean_code()
        TOTP(Authenticator(user_id=self.user.pk))._mark_code_used(code)
        return code
