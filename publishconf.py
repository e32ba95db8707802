"""Pelican settings for production builds: pelicanconf.py plus the public URL.

Refuses to run without LAPOR_SITE_SECRET: the demo pseudonym key is public,
so case ids made with it could be reversed by anyone holding tracking ids.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: F403
from pelicanconf import LAPOR

if not os.environ.get("LAPOR_SITE_SECRET"):
    raise SystemExit(
        "publishconf.py: LAPOR_SITE_SECRET is not set; a production build needs the "
        "pseudonym key (see README, 'Running it for real')"
    )

SITEURL = LAPOR.site_url
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
