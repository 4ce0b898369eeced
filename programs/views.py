from django.http import FileResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from . import services
from .selectors import current_criteria_set, guide_language, stored_guide


@require_GET
def selection_guide_pdf(request, code):
    """The guide of the tier's current criteria; built now if the worker has not built it yet."""
    criteria_set = current_criteria_set(code)
    tier = criteria_set.tier
    language = guide_language(get_language())
    guide = stored_guide(criteria_set, language) or services.build_selection_guide(
        criteria_set=criteria_set, language=language
    )
    return FileResponse(
        guide.pdf.open("rb"),
        as_attachment=False,
        filename=f"DATAide-guide-{tier.code}-v{criteria_set.version}-{language}.pdf",
        content_type="application/pdf",
    )
