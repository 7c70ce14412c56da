"""The shared form includes (templates/includes/field.html and form_errors.html)."""

from django import forms
from django.template.loader import render_to_string
from django.utils.html import format_html


class SampleForm(forms.Form):
    name = forms.CharField(label="Name", help_text="As on your <ID>")
    nickname = forms.CharField(label="Nickname", required=False)
    colour = forms.ChoiceField(
        label="Colour",
        choices=[("red", "Red"), ("blue", "Blue")],
        widget=forms.RadioSelect,
        help_text="Pick one",
    )
    agree = forms.BooleanField(
        label="I agree", help_text=format_html('<a href="/x">{}</a>', "terms")
    )
    token = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("Something is wrong with the whole form.")


def _field(form, name, **extra):
    return render_to_string("includes/field.html", {"field": form[name], **extra})


def test_text_field_has_label_hint_and_describedby():
    html = _field(SampleForm(), "name")
    assert '<label for="id_name">Name</label>' in html
    assert 'class="hint" id="id_name_helptext"' in html
    assert 'aria-describedby="id_name_helptext"' in html
    assert 'class="field"' in html


def test_plain_help_text_is_escaped_and_safe_help_text_is_not():
    form = SampleForm()
    assert "As on your &lt;ID&gt;" in _field(form, "name")
    assert '<a href="/x">terms</a>' in _field(form, "agree")


def test_optional_field_says_so_unless_told_not_to():
    form = SampleForm()
    assert "Nickname (optional)" in _field(form, "nickname")
    assert "(optional)" not in _field(form, "nickname", hide_optional=True)


def test_invalid_field_gets_error_text_linked_and_aria_invalid():
    form = SampleForm(data={})
    form.is_valid()
    html = _field(form, "name")
    assert 'class="field field-invalid"' in html
    assert 'id="id_name_error"' in html
    assert 'class="field-error"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html


def test_radio_buttons_are_a_fieldset_with_a_legend():
    form = SampleForm(data={})
    form.is_valid()
    html = _field(form, "colour")
    assert "<fieldset" in html and "<legend>Colour</legend>" in html
    assert 'aria-describedby="id_colour_helptext id_colour_error"' in html
    assert '<label for="id_colour_0">' in html


def test_checkbox_sits_inside_its_label():
    html = _field(SampleForm(), "agree")
    label = html[html.index('<label for="id_agree">') :]
    assert label.index("<input") < label.index("I agree") < label.index("</label>")


def test_error_summary_links_every_invalid_field_and_lists_form_errors():
    form = SampleForm(data={"nickname": "x"})
    form.is_valid()
    html = render_to_string("includes/form_errors.html", {"form": form})
    assert '<div class="error-summary" role="alert" tabindex="-1"' in html
    assert "<h2" in html
    assert 'href="#id_name"' in html
    assert 'href="#id_agree"' in html
    # A radio group is reached through its first option.
    assert 'href="#id_colour_0"' in html
    assert "Something is wrong with the whole form." in html
    # A hidden field cannot take focus: its error is plain text with its name.
    assert "Token:" in html
    assert 'href="#id_nickname"' not in html


def test_error_summary_is_empty_for_a_valid_or_unbound_form():
    assert render_to_string("includes/form_errors.html", {"form": SampleForm()}).strip() == ""
