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

import atexit
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po
from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals

from lapor_site.lifeline import die_with_parent
from lapor_site.transaction import fault_point

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
    """Every case page again, in English, at ``en/<its path>``, written by a forked process.

    Writing the English case pages is about a quarter of a build's rendering,
    and nothing else reads them while Pelican goes on, so a child process
    writes them while this one writes the other pages, on the other core.
    ``finalized`` waits for it (:func:`wait_for_english_cases`) before the
    plugins that read the output (the sitemap) or save the reuse memo: a
    writer with ``take_over`` (lapor_reuse) gets what the child learnt. A
    failure in the child fails the build.
    """
    _stop_children()  # left by a run in this process that failed before finishing
    _children.append(_Child.start(lambda: _write_english_cases(generator, writer), writer))


def _write_english_cases(generator, writer) -> None:
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


class EnglishCasesFailed(RuntimeError):
    """The process writing the English case pages failed (its error is printed above)."""


class _Child:
    """A forked process running one job with a Pelican writer; its learning comes back."""

    def __init__(self, pid: int, results: int, writer) -> None:
        self.pid, self.results, self.writer = pid, results, writer

    @classmethod
    def start(cls, job, writer) -> _Child:
        sys.stdout.flush()
        sys.stderr.flush()
        readable, writable = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid:
            os.close(writable)
            fault_point("english-pages-running", child=pid)
            return cls(pid, readable, writer)
        code = 1
        try:  # the child: never returns
            die_with_parent(parent)  # a killed build must not leave it writing pages
            os.close(readable)
            if hasattr(writer, "detach"):
                writer.detach()
            job()
            learnt = writer.handover() if hasattr(writer, "handover") else None
            with os.fdopen(writable, "wb") as results:
                pickle.dump(learnt, results, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)

    def finish(self) -> None:
        """Wait for the child; hand what it learnt to the writer; raise if it failed."""
        with os.fdopen(self.results, "rb") as results:
            data = results.read()
        _, status = os.waitpid(self.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0 or not data:
            raise EnglishCasesFailed("lapor_i18n: writing the English case pages failed")
        learnt = pickle.loads(data)
        if learnt is not None and hasattr(self.writer, "take_over"):
            self.writer.take_over(learnt)

    def stop(self) -> None:
        """Kill and reap the child (the build failed before waiting for it)."""
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(self.results)


_children: list[_Child] = []


def wait_for_english_cases(pelican) -> None:
    """``finalized``: the English case pages are all written (see :func:`write_english_cases`)."""
    while _children:
        _children.pop(0).finish()


@atexit.register
def _stop_children() -> None:
    while _children:
        _children.pop().stop()


def register() -> None:
    signals.generator_init.connect(install)
    signals.article_writer_finalized.connect(write_english_cases)
    # Connected here, so before lapor_seo's and lapor_reuse's (PLUGINS lists this plugin first).
    signals.finalized.connect(wait_for_english_cases)
