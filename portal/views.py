"""Public pages that combine the program with what applications have used of it."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from applications.selectors import tier_usage, usage_of
from programs.selectors import current_program, public_tier


def language_root(request):
    """`/` sends people to the home page in their language (cookie, then browser, then French)."""
    return redirect("home")


def home(request):
    program = current_program()
    tiers = program.tiers.all() if program else []
    return render(request, "home.html", {"program": program, "usages": tier_usage(tiers) if program else []})


@require_GET
def tier_detail(request, code):
    tier = public_tier(code)
    usage = usage_of(tier)
    return render(
        request,
        "programs/tier_detail.html",
        {"tier": tier, "usage": usage, "criteria_set": tier.current_criteria_set},
    )


@require_GET
def accessibility(request):
    """The accessibility statement: the target, what was tested, the known limits, a contact."""
    return render(request, "portal/accessibility.html")
