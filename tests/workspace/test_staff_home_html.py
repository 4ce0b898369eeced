"""The staff home prints its queues from Python (dataide.staff_home.panels_html): it must write
what its former template wrote (staff_home_reference.html), in both languages, for the page's own
panels and for panels with text to escape, no items, no detail, no « Tout voir » link, a count in
the thousands."""

from pathlib import Path

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation

from dataide.staff_home import Panel, PanelItem, panels_html
from tests.helpers import same_markup

pytestmark = pytest.mark.django_db
LANGUAGES = ["fr-ca", "en"]
REFERENCE = engines["django"].from_string((Path(__file__).parent / "staff_home_reference.html").read_text())


def former(panels) -> str:
    return same_markup(REFERENCE.render({"work_panels": panels}))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_s_queues_are_what_the_template_wrote(every_queue, viewers, language):
    for client in viewers.values():
        with translation.override(language):
            response = client.get(reverse("admin:index"))
            panels = response.context["work_panels"]
            assert len(panels) >= 7 and all(panel.items for panel in panels)
            expected = former(panels)
        assert expected in same_markup(response.content.decode())


@pytest.mark.parametrize("language", LANGUAGES)
def test_text_to_escape_and_every_kind_of_panel_are_written_as_the_template_wrote_them(language):
    panels = [
        Panel(
            title="Demandes « <urgentes> » & Cie", count=12_345, key="a<b",
            items=[
                PanelItem("L'Entraide & <Cie>", "/admin/x/?a=1&b=\"2\"", 'reçue il y a 3 jours · "tard"'),
                PanelItem("Sans détail", "/admin/y/"),
            ],
            more_url="/admin/z/?status__exact=a&b=c",
        ),
        Panel(title="Vide", count=0, empty="Rien à <faire> & tout va bien", more_url=""),
        Panel(title="ÉTÉ", count=3, items=[PanelItem("Un", "/1/", "d")], more_url="/plus/"),
    ]
    with translation.override(language):
        assert same_markup(panels_html(panels)) == former(panels)
        assert panels_html([]) == "" and former([]) == ""
