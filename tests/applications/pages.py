import html


def page(response) -> str:
    """A response's text as a person reads it (entities such as &#x27; decoded)."""
    return html.unescape(response.content.decode())
