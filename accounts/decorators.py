"""View decorators for the debtor side."""

from functools import wraps

from django.contrib.auth.decorators import login_required


def strong_required(view):
    """The view needs strong identification within the step-up window (see StepUpMiddleware)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    wrapped.strong_required = True
    return wrapped
