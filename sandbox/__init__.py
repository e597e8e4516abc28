"""The sandbox: a separate Django project that plays the portal's outside world.

It stands in for Ropo One (per-country REST hosts), Maventa (Receivables API), a
Paytrail-compatible payment gateway and an OpenID Connect identity provider, on top of one
case engine (`sandbox.engine`). It runs as its own process with its own database and is never
imported by the portal, nor does it import portal code.
"""
