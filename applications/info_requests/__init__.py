"""« Complément d'information demandé » (see services)."""
