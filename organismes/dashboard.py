"""The organisme dashboard is assembled from panels that later apps register, so this app shows
applications and trainings without importing them (dependencies run one way).

A panel is `panel(request, organisme, membership) -> (name, context)`: its HTML, printed from
Python, in `context["html"]` (the page writes the panels' HTML one after the other, without an
included template per panel); the rest of the context is what the panel said, for its tests.
"""

_PANELS: list[tuple[int, object]] = []


def register_panel(order: int):
    def decorator(panel):
        _PANELS.append((order, panel))
        _PANELS.sort(key=lambda item: item[0])
        return panel

    return decorator


def panels_for(request, organisme, membership) -> list[tuple[str, dict]]:
    """(name, context) of every panel, in their order."""
    return [panel(request, organisme, membership) for _order, panel in _PANELS]
