"""Public pages of the register: anyone may read them, signed in or not."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from programs.selectors import current_program

from .charts import register_charts
from .forms import RegisterFilterForm
from .selectors import award_program_year, filtered_awards, published_award, register_totals, with_public_details

PAGE_SIZE = 50


@require_GET
def grant_list(request):
    program = current_program()
    form = RegisterFilterForm(request.GET or None, program=program)
    awards = filtered_awards(form.filters())
    totals = register_totals(awards, program)
    page = Paginator(with_public_details(awards), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "register/grant_list.html", {
        "form": form, "page_obj": page, "totals": totals, "charts": register_charts(totals),
        "query": query.urlencode(), "program": program,
    })


@require_GET
def grant_detail(request, number):
    award = published_award(number)
    return render(request, "register/grant_detail.html", {"award": award, "year": award_program_year(award)})
