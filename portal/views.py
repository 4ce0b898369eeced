"""Public pages that combine the program with what applications have used of it."""

from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from applications.selectors import shown_tier_usage
from dataide.i18n import short_language
from programs.selectors import current_program, public_tier

from . import help


def language_root(request):
    """`/` sends people to the home page in their language (cookie, then browser, then French)."""
    return redirect("home")


def home(request):
    program = current_program()
    tiers = program.tiers.all() if program else []
    return render(request, "home.html", {"program": program, "usages": shown_tier_usage(tiers) if program else []})


@require_GET
def tier_detail(request, code):
    tier = public_tier(code)
    (usage,) = shown_tier_usage([tier])
    return render(
        request,
        "programs/tier_detail.html",
        {"tier": tier, "usage": usage, "criteria_set": tier.current_criteria_set},
    )


@require_GET
def accessibility(request):
    """The accessibility statement: the target, what was tested, the known limits, a contact."""
    return render(request, "portal/accessibility.html")


@require_GET
def help_index(request):
    return render(request, "portal/help_index.html", {"pages": help.help_pages()})


@require_GET
def help_page(request, slug):
    """A help page; the other language's address redirects to this language's (the form links
    with the French one; the browser keeps the #anchor across the redirect)."""
    page = help.page_for(slug)
    language = short_language(get_language())
    if slug != page.slug_for(language):
        return redirect("portal:help_page", slug=page.slug_for(language))
    return render(request, "portal/help_page.html", {
        "page": page, "body": help.rendered_body(page, language), "pages": help.help_pages(),
    })
