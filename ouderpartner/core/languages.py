"""Languages a workspace can offer to parents, each named in its own script (no flags)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ParentLanguage:
    code: str
    native_name: str
    english_name: str
    rtl: bool = False


PARENT_LANGUAGES: dict[str, ParentLanguage] = {
    lang.code: lang
    for lang in [
        ParentLanguage("nl", "Nederlands", "Dutch"),
        ParentLanguage("en", "English", "English"),
        ParentLanguage("ar", "العربية", "Arabic", rtl=True),
        ParentLanguage("tr", "Türkçe", "Turkish"),
        ParentLanguage("pl", "Polski", "Polish"),
        ParentLanguage("uk", "Українська", "Ukrainian"),
        ParentLanguage("ti", "ትግርኛ", "Tigrinya"),
        ParentLanguage("so", "Soomaali", "Somali"),
        ParentLanguage("fa", "فارسی", "Persian", rtl=True),
        ParentLanguage("prs", "دری", "Dari", rtl=True),
        ParentLanguage("ku", "Kurdî", "Kurdish"),
        ParentLanguage("ber", "Tamaziɣt", "Berber (Tamazight)"),
        ParentLanguage("pap", "Papiamentu", "Papiamento"),
        ParentLanguage("srn", "Sranantongo", "Sranan Tongo"),
        ParentLanguage("es", "Español", "Spanish"),
        ParentLanguage("fr", "Français", "French"),
        ParentLanguage("de", "Deutsch", "German"),
        ParentLanguage("pt", "Português", "Portuguese"),
        ParentLanguage("ro", "Română", "Romanian"),
        ParentLanguage("bg", "Български", "Bulgarian"),
        ParentLanguage("ru", "Русский", "Russian"),
        ParentLanguage("zh", "中文", "Chinese"),
        ParentLanguage("fy", "Frysk", "Frisian"),
    ]
}

DEFAULT_PARENT_LANGUAGES = ["nl", "en", "ar", "tr", "pl", "uk", "ti", "so"]


def language_choices() -> list[tuple[str, str]]:
    return [(lang.code, f"{lang.native_name} ({lang.english_name})") for lang in PARENT_LANGUAGES.values()]


def validate_parent_languages(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_("Give a list of language codes."))
    unknown = [code for code in value if code not in PARENT_LANGUAGES]
    if unknown:
        raise ValidationError(_("Unknown language code(s): %(codes)s.") % {"codes": ", ".join(unknown)})
