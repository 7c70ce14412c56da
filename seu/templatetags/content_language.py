"""Text staff wrote that sits among the interface's words, such as a title inside
a translated sentence (see seu/content_language.py):

    {% content_text procedure.title as title %}
    {% blocktranslate %}Check what you are about to submit for “{{ title }}”.{% endblocktranslate %}

An element that holds only such text takes {{ content_lang_attr }} instead.
"""

from django import template

from seu.content_language import lang_span

register = template.Library()


@register.simple_tag(takes_context=True)
def content_text(context, text):
    """`text` in <span lang> on a page that marks content; as it is elsewhere, such as
    in a mail, which is rendered without the page's context processors."""
    return lang_span(text, context.get("content_lang", ""))
