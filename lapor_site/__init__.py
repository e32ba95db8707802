"""lapor-site: publish anonymized SP4N-LAPOR! complaint data as a static site.

The sync pipeline runs one stage per module:
:mod:`~lapor_site.sources` → :mod:`~lapor_site.validate` →
:mod:`~lapor_site.anonymize` → :mod:`~lapor_site.aggregate` →
:mod:`~lapor_site.write`, orchestrated by :mod:`~lapor_site.pipeline`.
Pelican plugins under ``plugins/`` only render what the pipeline wrote.
"""

__version__ = "0.1.0"
