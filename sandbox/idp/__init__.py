"""Strong-authentication identity provider stand-in (OpenID Connect)."""
