"""Form rendering in NL Design System markup (Utrecht components), with accessible errors."""

from __future__ import annotations

from django import forms
from django.forms.renderers import DjangoTemplates

from sectorplannen.common.text import refuse_control_characters, refuse_control_characters_single_line

_WIDGET_CLASSES = {
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.CheckboxSelectMultiple: "",
    forms.RadioSelect: "",
    forms.ClearableFileInput: "utrecht-textbox utrecht-textbox--html-input",
    forms.FileInput: "utrecht-textbox utrecht-textbox--html-input",
}


# Widgets whose role does not take aria-required (groups of choices carry it on their fieldset legend's "*").
_NO_ARIA_REQUIRED = (forms.RadioSelect, forms.CheckboxSelectMultiple, forms.FileInput, forms.HiddenInput)


class PortalRenderer(DjangoTemplates):
    form_template_name = "portal/forms/form.html"
    field_template_name = "portal/forms/field.html"


# One shared instance: a renderer builds its own template engine, so one per form would reload templates.
RENDERER = PortalRenderer()


class PortalForm(forms.Form):
    """Adds the component classes to every widget and marks invalid ones for assistive technology; every
    text field refuses control characters (common/text.py)."""

    default_renderer = RENDERER
    # No HTML ``required``: with it the browser styles every empty required field as invalid (pink) before
    # anyone typed. Fields are marked invalid only after a submit (aria-invalid, mark_invalid);
    # assistive technology still hears "required" (aria-required).
    use_required_attribute = False
    # Its own error summary above its fields; False on a page that shows one summary for all its forms.
    own_summary = True

    @property
    def template_name(self):
        return "portal/forms/form.html" if self.own_summary else "portal/forms/fields.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if field.required and not isinstance(widget, _NO_ARIA_REQUIRED):
                widget.attrs["aria-required"] = "true"
            if isinstance(field, forms.CharField) and not isinstance(widget, forms.PasswordInput):
                field.validators.append(refuse_control_characters if isinstance(widget, forms.Textarea)
                                        else refuse_control_characters_single_line)
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
