"""Child processes that die with the command that started them.

A scheduled update killed outright (SIGKILL, the out-of-memory killer, a
container stopped) takes no child with it on its own: Pagefind, or the forked
process writing the English case pages (``plugins/lapor_i18n``), would go on
writing into the staged output while the next command's recovery removes it,
which then fails with "Directory not empty" (seen in CI). On Linux a child
asks the kernel to kill it when its parent dies (``PR_SET_PDEATHSIG``); on
other systems :func:`die_with_parent` does nothing.

Run as a program, ``python -m lapor_site.lifeline PARENT_PID MODULE ARGS…``
does that, then runs ``python -m MODULE ARGS…`` in the same process (Pagefind's
module replaces itself with its binary, which keeps the request):
:func:`child_command` gives the start of that command line.
"""

from __future__ import annotations

import ctypes
import os
import runpy
import signal
import sys

#: prctl(2) option: the signal this process gets when its parent dies.
_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """In a child process, first thing: be killed with SIGKILL when ``parent`` (the pid
    that started it) dies; exit at once if it is already gone."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def child_command() -> list[str]:
    """The start of a command line that runs a Python module (the rest of the line: its
    name and arguments) in a process that dies with this one."""
    return [sys.executable, "-m", "lapor_site.lifeline", str(os.getpid())]


def _main(argv: list[str]) -> None:
    parent, module, *arguments = argv
    die_with_parent(int(parent))
    sys.argv = [module, *arguments]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    _main(sys.argv[1:])
