"""Built-in qualification frameworks (YAML), shipped as the package ``mcmap.frameworks``.

The package also carries the frameworks API (a module ``mcmap/frameworks.py`` would shadow this
data package), so ``from mcmap.frameworks import load_framework, to_eqf`` works everywhere.
The code lives in ``mcmap.frameworks_model``, ``mcmap.frameworks_lib``, ``mcmap.frameworks_eqf``
and ``mcmap.credit_systems``.
"""

from mcmap.credit_systems import (
    Conversion,
    CreditSystem,
    Hours,
    convert_credits,
    get_credit_system,
    hours_for,
    load_credit_systems,
)
from mcmap.frameworks_eqf import EqfTranslation, Step, to_eqf
from mcmap.frameworks_lib import (
    ENV_PATH,
    find_level,
    framework_ids,
    get_level,
    list_frameworks,
    load_framework,
)
from mcmap.frameworks_model import (
    Descriptor,
    Domain,
    Framework,
    Level,
    Referencing,
    Source,
    TextBlock,
    UnknownFrameworkError,
    UnknownLevelError,
)

__all__ = [
    "ENV_PATH",
    "Conversion",
    "CreditSystem",
    "Descriptor",
    "Domain",
    "EqfTranslation",
    "Framework",
    "Hours",
    "Level",
    "Referencing",
    "Source",
    "Step",
    "TextBlock",
    "UnknownFrameworkError",
    "UnknownLevelError",
    "convert_credits",
    "find_level",
    "framework_ids",
    "get_credit_system",
    "get_level",
    "hours_for",
    "list_frameworks",
    "load_credit_systems",
    "load_framework",
    "to_eqf",
]
