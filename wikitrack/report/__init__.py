"""The change report: stored changes -> a report model -> text, Markdown, HTML or JSON.

`rendering` is pure (the model, the links and time zone, the renderers); `from_store` builds
a report from the store; `templates/` holds the HTML templates (Jinja2, autoescaped).
"""
