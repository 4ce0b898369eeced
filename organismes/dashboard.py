"""The organisme dashboard is assembled from panels that later apps register, so this app shows
applications and trainings without importing them (dependencies run one way).

A panel is `panel(request, organisme, membership) -> (template_name, context)`.
"""

_PANELS: list[tuple[int, object]] = []


def register_panel(order: int):
    def decorator(panel):
        _PANELS.append((order, panel))
        _PANELS.sort(key=lambda item: item[0])
        return panel

    return decorator


def panels_for(request, organisme, membership) -> list[tuple[str, dict]]:
    return [panel(request, organisme, membership) for _order, panel in _PANELS]
