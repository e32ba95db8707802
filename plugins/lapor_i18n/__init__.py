"""lapor_i18n: every page in Indonesian and English through one set of templates.

Interface text in the templates is Indonesian, the site's first language,
marked with ``{{ _("…") }}`` (Jinja2's i18n extension); the English text
comes from the Babel message catalogs ``theme/translations/en/LC_MESSAGES/*.po``
(several files, so that each part of the theme keeps its own). ``_`` reads
the template's ``lang`` variable, so the same template renders either
language: nothing is written twice.

English pages live under ``/en/`` at the Indonesian page's path:

* hand-written pages have their own English Markdown (``*.en.md``), which
  Pelican saves as ``en/<slug>/``;
* every case page is written a second time with ``lang="en"``;
* each direct template listed in ``LAPOR_ENGLISH_TEMPLATES`` has an English
  twin: a two-line template ``<name>_en.html`` that sets ``lang`` and extends
  the Indonesian one, saved under ``en/``.

``alternate_url(output_file, lang)`` (a template global) gives the other
language's URL of the page being written, for hreflang links; the build's
link check proves that every such page exists.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po
from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals

LANGUAGES = ("id", "en")
SOURCE_LANG = "id"
EN_PREFIX = "en/"


@cache
def catalog(folder: str, lang: str) -> Mapping[str, str]:
    """msgid → translation for ``lang``, merged from every ``.po`` file of the theme."""
    messages: dict[str, str] = {}
    for path in sorted(Path(folder, lang, "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle, locale=lang):
                if message.id and message.string and not message.fuzzy:
                    messages[str(message.id)] = str(message.string)
    return messages


def make_gettext(folder: str):
    @pass_context
    def gettext(context, message: str) -> str:
        lang = context.get("lang") or SOURCE_LANG
        if lang == SOURCE_LANG:
            return message
        return catalog(folder, lang).get(message, message)

    @pass_context
    def ngettext(context, singular: str, plural: str, n: int) -> str:
        return gettext(context, singular if n == 1 else plural)

    return gettext, ngettext


#: Messages whose finished text :func:`make_direct_gettext` keeps (it starts again when full).
READY_LIMIT = 20_000


def make_direct_gettext(folder: str):
    """``_()`` and ``gettext()`` as Jinja's "newstyle" ones behave, in one call.

    Jinja wraps a gettext function twice (``_`` looks ``gettext`` up, which
    calls the function, marks the result safe when autoescaping and formats
    it with the call's variables, always, so "%%" becomes "%"). A case page
    calls it about eighty times, so at tens of thousands of pages the
    wrapping costs more than the rest of the translation. This function does
    the same in one step and keeps the finished text of a message called
    without variables, which never changes: the pages are the same bytes.
    """
    ready: dict[tuple[str, str, bool], str] = {}

    @pass_context
    def gettext(context, message: str, **variables) -> str:
        lang = context.get("lang") or SOURCE_LANG
        autoescape = context.eval_ctx.autoescape
        key = (lang, message, autoescape)
        if not variables and key in ready:
            return ready[key]
        text = message if lang == SOURCE_LANG else catalog(folder, lang).get(message, message)
        if autoescape:
            text = Markup(text)
        text = text % variables
        if not variables:
            if len(ready) >= READY_LIMIT:
                ready.clear()
            ready[key] = text
        return text

    return gettext


def alternate_url(output_file: str, lang: str) -> str:
    """The URL (relative to the site) of the same page in ``lang``."""
    path = output_file.removesuffix("index.html")
    path = path.removeprefix(EN_PREFIX)
    return EN_PREFIX + path if lang == "en" else path


def page_lang(output_file: str) -> str:
    return "en" if output_file.startswith(EN_PREFIX) else SOURCE_LANG


def translations_folder(settings) -> str:
    return str(Path(settings["THEME"]) / "translations")


def install(generator) -> None:
    env = generator.env
    env.add_extension("jinja2.ext.i18n")
    folder = translations_folder(generator.settings)
    gettext, ngettext = make_gettext(folder)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    # The same newstyle gettext without Jinja's two wrappers (see make_direct_gettext).
    direct = make_direct_gettext(folder)
    env.globals.update(_=direct, gettext=direct)
    env.globals.update(alternate_url=alternate_url, page_lang=page_lang, LANGUAGES=LANGUAGES)


def write_english_cases(generator, writer) -> None:
    """Every case page again, in English, at ``en/<its path>``."""
    relative = generator.settings["RELATIVE_URLS"]
    for article in generator.articles:
        writer.write_file(
            EN_PREFIX + article.save_as,
            generator.get_template(article.template),
            generator.context,
            relative_urls=relative,
            article=article,
            category=getattr(article, "category", None),
            url=EN_PREFIX + article.url,
            blog=True,
            lang="en",
        )


def register() -> None:
    signals.generator_init.connect(install)
    signals.article_writer_finalized.connect(write_english_cases)
