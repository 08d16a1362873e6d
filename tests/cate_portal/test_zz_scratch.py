import re, pathlib
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

OUT = pathlib.Path("/tmp/scratch")

def dump(name, r):
    body = r.content.decode()
    (OUT / f"{name}.html").write_text(body)
    h1 = len(re.findall(r"<h1", body))
    print(f"{name:30} {r.status_code} h1={h1} signup={'signup' in body.lower() or 'sign up' in body.lower()}")

def test_render(client, user, password):
    for name, url in [("login","/accounts/login/"),("signup","/accounts/signup/"),("reset","/accounts/password/reset/"),
                      ("reset_done","/accounts/password/reset/done/"),("verification_sent","/accounts/confirm-email/"),
                      ("bad_key","/accounts/password/reset/key/1-abc/"),("confirm_bad","/accounts/confirm-email/abc/"),
                      ("inactive","/accounts/inactive/"), ("reset_key_done", "/accounts/password/reset/key/done/"),
                      ("admin_login", "/admin/login/")]:
        dump("anon_"+name, client.get(url))
    r = client.post("/accounts/login/", {"login": user.email, "password": "wrong"})
    dump("anon_login_error", r)
    r = client.post("/accounts/signup/", {"email": "x@example.org", "password1": "abcdefgh123!", "password2": "abcdefgh123!"})
    dump("anon_signup_post", r)
    client.post("/accounts/login/", {"login": user.email, "password": password})
    client.post("/accounts/reauthenticate/", {"password": password})
    for name, url in [("email","/accounts/email/"),("password_change","/accounts/password/change/"),("password_set","/accounts/password/set/"),
                      ("logout","/accounts/logout/"),("mfa","/accounts/2fa/"),("totp_activate","/accounts/2fa/totp/activate/"),
                      ("recovery","/accounts/2fa/recovery-codes/"),("recovery_generate","/accounts/2fa/recovery-codes/generate/"),
                      ("reauth","/accounts/reauthenticate/"), ("totp_deactivate","/accounts/2fa/totp/deactivate/"),("login_authed","/accounts/login/")]:
        dump("user_"+name, client.get(url))
    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)
    for name, url in [("mfa","/accounts/2fa/"),("recovery","/accounts/2fa/recovery-codes/"),("recovery_generate","/accounts/2fa/recovery-codes/generate/"),
                      ("totp_deactivate","/accounts/2fa/totp/deactivate/"),("mfa_reauth","/accounts/2fa/reauthenticate/")]:
        dump("totp_"+name, client.get(url))
    client.logout()
    r = client.post("/accounts/login/", {"login": user.email, "password": password})
    print(r.status_code, r.get("Location"))
    dump("totp_authenticate", client.get("/accounts/2fa/authenticate/"))

def test_activate(client, user, password):
    r = client.post("/accounts/login/", {"login": user.email, "password": password})
    print(r.status_code, r.get("Location"))
    r = client.get("/accounts/2fa/totp/activate/")
    print(r.status_code, r.get("Location"))
