"""The portal's settings with one more URL, a view that does nothing: the baseline under the same
server, middleware and all (used by bench/callbacks.py; not a script)."""

from myropo.settings import *  # noqa: F403

ROOT_URLCONF = "_trivial_urls"
