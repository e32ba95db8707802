"""Pelican settings for a production build: pelicanconf.py, linking from the region's URL.

``lapor-site build --settings publishconf.py`` is the same as
``lapor-site build --production``: SITEURL becomes region.toml's ``[site] url``
and the build is refused without LAPOR_SITE_SECRET, or for content whose case
ids were made with the public demo key or another secret.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: F403

LAPOR_PRODUCTION = True
