"""The few EU vocabulary concepts the ELM converter writes, each as published (no invented URIs).

Concept URIs come from the European Commission's ELM v3 sample micro-credential and the
Europass examples (``credential-examples/elm`` in the shared data) and from the EU
Publications Office authority tables (languages, countries), whose URIs are the upper-case
three-letter codes. A value with no known URI is written as a note and reported, never given a
made-up concept.
"""

from __future__ import annotations

EU_AUTHORITY = "http://publications.europa.eu/resource/authority"

ECTS = (
    "http://data.europa.eu/snb/education-credit/6fcec5c5af",
    "http://data.europa.eu/snb/education-credit/25831c2",
)
#: The simplified EDC micro-credential schema accepts "ECTS" as the label (the EU table says
#: "European Credit Transfer System"); the id is what identifies the concept.
ECTS_LABEL = "ECTS"

#: participation form -> (concept id, scheme, label): the two the EC samples publish
MODES = {
    "online": ("http://data.europa.eu/snb/learning-assessment/920fbb3cbe", "Online"),
    "blended": ("http://data.europa.eu/snb/learning-assessment/e92d221e4d", "Blended"),
}
MODE_SCHEME = "http://data.europa.eu/snb/learning-assessment/25831c2"
#: labels in imported documents -> participation form
MODE_LABELS = {
    "online": "online",
    "blended": "blended",
    "presential": "onsite",
    "onsite": "onsite",
    "on-site": "onsite",
    "face-to-face": "onsite",
    "workbased": "work-based",
    "work-based": "work-based",
    "work based": "work-based",
    "volunteering": "volunteering",
}

LEARNING_SETTINGS = {
    "non-formal": ("http://data.europa.eu/snb/learning-setting/e207a81fc7", "non-formal learning")
}
LEARNING_SETTING_SCHEME = "http://data.europa.eu/snb/learning-setting/25831c2"

SUPERVISION = {
    "unsupervised-no-verification": (
        "http://data.europa.eu/snb/supervision-verification/c598449d64",
        "Unsupervised without ID Verification",
    ),
}
SUPERVISION_SCHEME = "http://data.europa.eu/snb/supervision-verification/25831c2"

ESCO_SKILLS_SCHEME = "http://data.europa.eu/esco/concept-scheme/skills"
ISCED_SCHEME = "http://data.europa.eu/snb/isced-f/25831c2"

#: ISO 639-1 -> EU language authority code (languages of the EU and of mcmap's frameworks)
LANGUAGES = {
    "bg": "BUL",
    "cs": "CES",
    "da": "DAN",
    "de": "DEU",
    "el": "ELL",
    "en": "ENG",
    "es": "SPA",
    "et": "EST",
    "fi": "FIN",
    "fr": "FRA",
    "ga": "GLE",
    "hr": "HRV",
    "hu": "HUN",
    "it": "ITA",
    "lt": "LIT",
    "lv": "LAV",
    "mt": "MLT",
    "nl": "NLD",
    "pl": "POL",
    "pt": "POR",
    "ro": "RON",
    "sk": "SLK",
    "sl": "SLV",
    "sv": "SWE",
    "is": "ISL",
    "no": "NOR",
    "nb": "NOB",
    "cy": "CYM",
    "gd": "GLA",
    "ms": "MSA",
    "id": "IND",
    "af": "AFR",
    "zu": "ZUL",
    "xh": "XHO",
    "mi": "MRI",
    "tr": "TUR",
    "uk": "UKR",
    "sq": "SQI",
    "mk": "MKD",
    "sr": "SRP",
}
LANGUAGE_NAMES = {
    "en": "English",
    "ga": "Irish",
    "de": "German",
    "fr": "French",
    "nl": "Dutch",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "pl": "Polish",
    "ms": "Malay",
    "id": "Indonesian",
}

#: ISO 3166-1 alpha-2 -> EU country authority code (alpha-3)
COUNTRIES = {
    "AT": "AUT",
    "BE": "BEL",
    "BG": "BGR",
    "HR": "HRV",
    "CY": "CYP",
    "CZ": "CZE",
    "DK": "DNK",
    "EE": "EST",
    "FI": "FIN",
    "FR": "FRA",
    "DE": "DEU",
    "GR": "GRC",
    "HU": "HUN",
    "IE": "IRL",
    "IT": "ITA",
    "LV": "LVA",
    "LT": "LTU",
    "LU": "LUX",
    "MT": "MLT",
    "NL": "NLD",
    "PL": "POL",
    "PT": "PRT",
    "RO": "ROU",
    "SK": "SVK",
    "SI": "SVN",
    "ES": "ESP",
    "SE": "SWE",
    "IS": "ISL",
    "LI": "LIE",
    "NO": "NOR",
    "CH": "CHE",
    "GB": "GBR",
    "AU": "AUS",
    "NZ": "NZL",
    "MY": "MYS",
    "ID": "IDN",
    "ZA": "ZAF",
    "US": "USA",
    "CA": "CAN",
    "UA": "UKR",
    "TR": "TUR",
    "RS": "SRB",
    "AL": "ALB",
    "MK": "MKD",
    "ME": "MNE",
    "BA": "BIH",
    "SG": "SGP",
    "PH": "PHL",
    "TH": "THA",
    "VN": "VNM",
}
