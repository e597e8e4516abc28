"""allauth login stages of our own."""

from allauth.mfa.stages import AuthenticateStage


class SecondFactorUnlessBankIDStage(AuthenticateStage):
    """allauth's second-factor stage, except after a bank-ID login: the bank's identification
    is strong on its own, and a passkey is another way to log in, never a factor after the bank
    (someone who lost theirs would be locked out). Password and e-mail-code logins still ask."""

    def _should_handle(self, request) -> bool:
        sociallogin = (self.login.signal_kwargs or {}).get("sociallogin")
        if sociallogin is not None and sociallogin.account.provider == "bankid":
            return False
        return super()._should_handle(request)
