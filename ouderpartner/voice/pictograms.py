"""The curated OpenMoji pictograms (CC BY-SA 4.0) that coordinators choose from for options and scales."""

from __future__ import annotations

from dataclasses import dataclass

from django.templatetags.static import static
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

ATTRIBUTION = "OpenMoji – the open-source emoji and icon project. License: CC BY-SA 4.0"
STATIC_DIR = "vendor/openmoji"


@dataclass(frozen=True)
class Pictogram:
    hexcode: str
    group: str
    label_nl: str
    label_en: str

    def label(self, language: str | None = None) -> str:
        return self.label_nl if (language or get_language() or "nl").startswith("nl") else self.label_en

    @property
    def url(self) -> str:
        return static(f"{STATIC_DIR}/{self.hexcode}.svg")


GROUPS: dict[str, object] = {
    "faces": _("Faces and feelings"),
    "yes_no": _("Yes, no and signs"),
    "family": _("Family and people"),
    "school": _("School and learning"),
    "reading": _("Reading, talking and languages"),
    "health": _("Health, sleep and play"),
    "food": _("Food and drink"),
    "time": _("Time"),
    "places": _("Places and money"),
    "media": _("Phone and screens"),
}

PICTOGRAMS: tuple[Pictogram, ...] = (
    Pictogram("1F622", "faces", "huilend gezicht", "crying face"),
    Pictogram("2639", "faces", "boos kijkend gezicht", "frowning face"),
    Pictogram("1F641", "faces", "een beetje verdrietig", "slightly frowning face"),
    Pictogram("1F610", "faces", "neutraal gezicht", "neutral face"),
    Pictogram("1F642", "faces", "een beetje blij", "slightly smiling face"),
    Pictogram("1F600", "faces", "blij gezicht", "grinning face"),
    Pictogram("1F604", "faces", "heel blij gezicht", "grinning face with smiling eyes"),
    Pictogram("1F929", "faces", "supertevreden", "star-struck"),
    Pictogram("1F970", "faces", "verliefd, blij", "smiling face with hearts"),
    Pictogram("1F60C", "faces", "opgelucht", "relieved face"),
    Pictogram("1F615", "faces", "in de war", "confused face"),
    Pictogram("1F61F", "faces", "bezorgd", "worried face"),
    Pictogram("1F630", "faces", "bang, gespannen", "anxious face with sweat"),
    Pictogram("1F620", "faces", "boos", "angry face"),
    Pictogram("1F634", "faces", "slapend gezicht", "sleeping face"),
    Pictogram("1F914", "faces", "nadenkend gezicht", "thinking face"),
    Pictogram("1F602", "faces", "lachen met tranen", "face with tears of joy"),
    Pictogram("2714", "yes_no", "vinkje, ja", "check mark"),
    Pictogram("274C", "yes_no", "kruis, nee", "cross mark"),
    Pictogram("1F44D", "yes_no", "duim omhoog", "thumbs up"),
    Pictogram("1F44E", "yes_no", "duim omlaag", "thumbs down"),
    Pictogram("2753", "yes_no", "vraagteken", "red question mark"),
    Pictogram("2611", "yes_no", "aangevinkt vakje", "check box with check"),
    Pictogram("1F6D1", "yes_no", "stopbord", "stop sign"),
    Pictogram("26A0", "yes_no", "let op", "warning"),
    Pictogram("2139", "yes_no", "informatie", "information"),
    Pictogram("2795", "yes_no", "plus, meer", "plus"),
    Pictogram("2796", "yes_no", "min, minder", "minus"),
    Pictogram("1F44C", "yes_no", "oké", "OK hand"),
    Pictogram("1F46A", "family", "gezin", "family"),
    Pictogram("1F476", "family", "baby", "baby"),
    Pictogram("1F9D2", "family", "kind", "child"),
    Pictogram("1F466", "family", "jongen", "boy"),
    Pictogram("1F467", "family", "meisje", "girl"),
    Pictogram("1F469", "family", "vrouw", "woman"),
    Pictogram("1F468", "family", "man", "man"),
    Pictogram("1F9D1", "family", "persoon", "person"),
    Pictogram("1F9D3", "family", "oudere persoon", "older person"),
    Pictogram("1F930", "family", "zwangere vrouw", "pregnant woman"),
    Pictogram("1F931", "family", "borstvoeding", "breast-feeding"),
    Pictogram("1F469-200D-1F37C", "family", "vrouw geeft baby de fles", "woman feeding baby"),
    Pictogram("1F37C", "family", "babyfles", "baby bottle"),
    Pictogram("1F9D1-200D-1F91D-200D-1F9D1", "family", "mensen hand in hand", "people holding hands"),
    Pictogram("1F91D", "family", "handen schudden, samenwerken", "handshake"),
    Pictogram("1F44B", "family", "zwaaien, hallo", "waving hand"),
    Pictogram("1F64B", "family", "hand opsteken", "person raising hand"),
    Pictogram("1F64C", "family", "handen omhoog, hoera", "raising hands"),
    Pictogram("1F44F", "family", "klappen", "clapping hands"),
    Pictogram("1F64F", "family", "gevouwen handen, dank je", "folded hands"),
    Pictogram("270B", "family", "hand omhoog", "raised hand"),
    Pictogram("261D", "family", "wijsvinger omhoog", "index pointing up"),
    Pictogram("1F4AA", "family", "sterk", "flexed biceps"),
    Pictogram("2764", "family", "hart", "red heart"),
    Pictogram("1F3EB", "school", "school", "school"),
    Pictogram("1F9D1-200D-1F3EB", "school", "leerkracht", "teacher"),
    Pictogram("1F469-200D-1F3EB", "school", "juf", "woman teacher"),
    Pictogram("1F468-200D-1F3EB", "school", "meester", "man teacher"),
    Pictogram("1F393", "school", "diploma, afstuderen", "graduation cap"),
    Pictogram("270F", "school", "potlood", "pencil"),
    Pictogram("1F58D", "school", "krijtje", "crayon"),
    Pictogram("1F4DD", "school", "schrijven", "memo"),
    Pictogram("1F4CB", "school", "lijst", "clipboard"),
    Pictogram("1F524", "school", "letters", "input latin letters"),
    Pictogram("1F9E9", "school", "puzzel", "puzzle piece"),
    Pictogram("1F4A1", "school", "idee", "light bulb"),
    Pictogram("1F9E0", "school", "hersenen, leren", "brain"),
    Pictogram("1F6B8", "school", "kinderen steken over", "children crossing"),
    Pictogram("1F3C6", "school", "beker, prijs", "trophy"),
    Pictogram("1F3C5", "school", "medaille", "sports medal"),
    Pictogram("2B50", "school", "ster", "star"),
    Pictogram("1F31F", "school", "stralende ster", "glowing star"),
    Pictogram("2728", "school", "glinsters", "sparkles"),
    Pictogram("1F389", "school", "feest", "party popper"),
    Pictogram("1F4AF", "school", "honderd punten", "hundred points"),
    Pictogram("1F4DA", "reading", "boeken", "books"),
    Pictogram("1F4D6", "reading", "open boek", "open book"),
    Pictogram("1F4F0", "reading", "krant", "newspaper"),
    Pictogram("1F4AC", "reading", "praten", "speech balloon"),
    Pictogram("1F5E8", "reading", "tekstballon", "left speech bubble"),
    Pictogram("1F4AD", "reading", "denkwolk", "thought balloon"),
    Pictogram("1F5E3", "reading", "spreken", "speaking head"),
    Pictogram("1F442", "reading", "oor, luisteren", "ear"),
    Pictogram("1F441", "reading", "oog, kijken", "eye"),
    Pictogram("1F30D", "reading", "wereld, talen", "globe showing Europe-Africa"),
    Pictogram("1F3B5", "reading", "muziek, zingen", "musical note"),
    Pictogram("1F3A8", "reading", "tekenen, knutselen", "artist palette"),
    Pictogram("1FA7A", "health", "dokter, consultatiebureau", "stethoscope"),
    Pictogram("1F3E5", "health", "ziekenhuis", "hospital"),
    Pictogram("1F48A", "health", "medicijn", "pill"),
    Pictogram("1F321", "health", "thermometer, ziek", "thermometer"),
    Pictogram("1F9B7", "health", "tand", "tooth"),
    Pictogram("1F9D1-200D-2695-FE0F", "health", "zorgverlener", "health worker"),
    Pictogram("1F6CF", "health", "bed, slapen", "bed"),
    Pictogram("1F3C3", "health", "rennen", "person running"),
    Pictogram("1F6B6", "health", "lopen", "person walking"),
    Pictogram("26BD", "health", "voetbal", "soccer ball"),
    Pictogram("1F6DD", "health", "glijbaan, spelen", "playground slide"),
    Pictogram("1F6B2", "health", "fiets", "bicycle"),
    Pictogram("1FA81", "health", "vlieger, buiten spelen", "kite"),
    Pictogram("1F9F8", "health", "knuffel", "teddy bear"),
    Pictogram("1F34E", "food", "appel", "red apple"),
    Pictogram("1F35E", "food", "brood", "bread"),
    Pictogram("1F955", "food", "wortel", "carrot"),
    Pictogram("1F966", "food", "broccoli", "broccoli"),
    Pictogram("1F34C", "food", "banaan", "banana"),
    Pictogram("1F95B", "food", "glas melk", "glass of milk"),
    Pictogram("1F964", "food", "drinken", "cup with straw"),
    Pictogram("1F957", "food", "salade", "green salad"),
    Pictogram("1F373", "food", "koken", "cooking"),
    Pictogram("1F374", "food", "eten", "fork and knife"),
    Pictogram("1F372", "food", "pan met eten", "pot of food"),
    Pictogram("1F382", "food", "verjaardag", "birthday cake"),
    Pictogram("23F0", "time", "wekker", "alarm clock"),
    Pictogram("1F4C5", "time", "kalender", "calendar"),
    Pictogram("1F5D3", "time", "agenda", "spiral calendar"),
    Pictogram("231B", "time", "zandloper", "hourglass done"),
    Pictogram("23F1", "time", "stopwatch", "stopwatch"),
    Pictogram("231A", "time", "horloge", "watch"),
    Pictogram("2600", "time", "zon, overdag", "sun"),
    Pictogram("1F319", "time", "maan, avond", "crescent moon"),
    Pictogram("1F3E0", "places", "huis", "house"),
    Pictogram("1F3E1", "places", "huis met tuin", "house with garden"),
    Pictogram("1F3E2", "places", "kantoor, gemeente", "office building"),
    Pictogram("1F333", "places", "boom, park", "deciduous tree"),
    Pictogram("1F68C", "places", "bus", "bus"),
    Pictogram("1F6D2", "places", "boodschappen", "shopping cart"),
    Pictogram("1F4B0", "places", "geld", "money bag"),
    Pictogram("1F4B6", "places", "euro", "euro banknote"),
    Pictogram("260E", "media", "telefoon", "telephone"),
    Pictogram("1F4F1", "media", "mobiele telefoon", "mobile phone"),
    Pictogram("1F4BB", "media", "laptop", "laptop"),
    Pictogram("1F4FA", "media", "televisie", "television"),
    Pictogram("1F3AE", "media", "spelcomputer", "video game"),
    Pictogram("1F4F7", "media", "foto", "camera"),
)
BY_CODE: dict[str, Pictogram] = {p.hexcode: p for p in PICTOGRAMS}

# Faces for a scale, from unhappy to happy, by the number of steps (2 to 5; longer scales repeat none).
SCALE_FACES: dict[int, tuple[str, ...]] = {
    2: ("1F641", "1F642"),
    3: ("1F641", "1F610", "1F642"),
    4: ("1F622", "1F641", "1F642", "1F604"),
    5: ("1F622", "1F641", "1F610", "1F642", "1F604"),
}


def get_pictogram(hexcode: str) -> Pictogram | None:
    return BY_CODE.get(hexcode)


def is_curated(hexcode: str) -> bool:
    return hexcode in BY_CODE


def search(query: str = "", group: str = "") -> list[Pictogram]:
    """Pictograms whose Dutch or English label contains every word of the query, optionally in one group."""
    words = query.lower().split()
    return [
        p
        for p in PICTOGRAMS
        if (not group or p.group == group)
        and all(word in f"{p.label_nl} {p.label_en} {p.hexcode}".lower() for word in words)
    ]


def pictogram_choices(language: str | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a select or radio list: [(group label, [(hexcode, label), ...]), ...]."""
    return [
        (str(label), [(p.hexcode, p.label(language)) for p in PICTOGRAMS if p.group == key])
        for key, label in GROUPS.items()
    ]


def scale_faces(steps: int) -> tuple[str, ...]:
    """The face pictograms for a scale with this many steps ((), if the scale is longer than five)."""
    return SCALE_FACES.get(steps, ())
