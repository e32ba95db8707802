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
    gettext, ngettext = make_gettext(translations_folder(generator.settings))
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
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
