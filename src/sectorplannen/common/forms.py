"""Form rendering in NL Design System markup (Utrecht components), with accessible errors."""

from __future__ import annotations

from django import forms
from django.forms.renderers import DjangoTemplates

_WIDGET_CLASSES = {
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.CheckboxSelectMultiple: "",
    forms.RadioSelect: "",
    forms.ClearableFileInput: "utrecht-textbox utrecht-textbox--html-input",
    forms.FileInput: "utrecht-textbox utrecht-textbox--html-input",
}


class PortalRenderer(DjangoTemplates):
    form_template_name = "portal/forms/form.html"
    field_template_name = "portal/forms/field.html"


# One shared instance: a renderer builds its own template engine, so one per form would reload templates.
RENDERER = PortalRenderer()


class PortalForm(forms.Form):
    """Adds the component classes to every widget and marks invalid ones for assistive technology."""

    default_renderer = RENDERER

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = next((c for t, c in _WIDGET_CLASSES.items() if type(widget) is t), None)
            if css is None:
                css = "utrecht-textbox utrecht-textbox--html-input"
            if css:
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        self.mark_invalid()

    def mark_invalid(self):
        """aria-invalid and aria-describedby on every field with an error (again after add_error later on)."""
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                auto_id = self[name].auto_id
                described = [f"{auto_id}_error"] + ([f"{auto_id}_helptext"] if self.fields[name].help_text else [])
                widget.attrs["aria-describedby"] = " ".join(described)
